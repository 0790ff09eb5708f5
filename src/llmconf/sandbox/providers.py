"""The ``/v1/llm-providers`` routes: list, create or replace, read, update, delete."""

from __future__ import annotations

from typing import Any

from llmconf.sandbox.bodies import check_create, check_update, effective_models
from llmconf.sandbox.request import Request
from llmconf.sandbox.responses import (
    SandboxResponse,
    empty_response,
    invalid_config,
    json_response,
    model_test_failed,
    provider_not_found,
)
from llmconf.sandbox.upstream import run_connection_test

# Stored keys in the order Port returns them; effectiveModels is computed when shown.
_STORED_ORDER = ("provider", "enabled", "config", "overrides")
_META = ("createdAt", "createdBy", "updatedAt", "updatedBy")


def render(record: dict[str, Any]) -> dict[str, Any]:
    """Return the provider object Port answers with for a stored ``record``."""
    shown = {key: record[key] for key in _STORED_ORDER if key in record}
    shown.setdefault("config", {})
    shown["effectiveModels"] = effective_models(record)
    shown.update({key: record[key] for key in _META if key in record})
    return shown


def list_providers(request: Request, state: dict[str, Any]) -> SandboxResponse:
    result = [render(record) for record in state["providers"].values()]
    return json_response(200, {"ok": True, "result": result})


def get_provider(request: Request, state: dict[str, Any]) -> SandboxResponse:
    record = _stored(state, request.params["provider"])
    return json_response(200, {"ok": True, "result": render(record)})


def create_provider(request: Request, state: dict[str, Any]) -> SandboxResponse:
    """POST: create, or replace the provider of that type ("create or connect")."""
    validate = request.flag("validate_connection")
    record = check_create(request.json_body())
    if validate:
        _test_connection(state, record)

    existing = state["providers"].get(record["provider"])
    saved = _save(state, record, request, existing)
    return json_response(201, {"ok": True, "result": render(saved)})


def update_provider(request: Request, state: dict[str, Any]) -> SandboxResponse:
    """PUT: each top-level key given replaces the stored one; the others are kept."""
    validate = request.flag("validate_connection")
    stored = _stored(state, request.params["provider"])
    record = check_update(request.json_body(), stored)
    if validate:
        _test_connection(state, record)

    saved = _save(state, record, request, stored)
    return json_response(200, {"ok": True, "result": render(saved)})


def delete_provider(request: Request, state: dict[str, Any]) -> SandboxResponse:
    kind = request.params["provider"]
    if kind == "port":
        raise invalid_config(
            "The 'port' provider is managed by Port and cannot be deleted"
        )
    _stored(state, kind)
    defaults = state.get("defaults")
    if defaults and defaults.get("provider") == kind:
        raise invalid_config(
            f"LLM provider '{kind}' is the organization default "
            f"({kind}/{defaults.get('model')}); change the defaults before deleting it"
        )

    del state["providers"][kind]
    return empty_response(204)


def _stored(state: dict[str, Any], kind: str) -> dict[str, Any]:
    record = state["providers"].get(kind)
    if record is None:
        raise provider_not_found(kind)
    return record


def _test_connection(state: dict[str, Any], record: dict[str, Any]) -> None:
    # Port tests every model that is not explicitly disabled, and only when the
    # provider itself is on; one failure rejects the whole write.
    if not record["enabled"]:
        return
    models = [m for m, entry in effective_models(record).items() if entry["enabled"]]
    tested = run_connection_test(state, record, models)
    if not all(result["isValid"] for result in tested.values()):
        raise model_test_failed(tested)


def _save(
    state: dict[str, Any],
    record: dict[str, Any],
    request: Request,
    existing: dict[str, Any] | None,
) -> dict[str, Any]:
    clock, caller = request.clock, request.caller
    saved = {key: record[key] for key in _STORED_ORDER if key in record}
    if existing is None:
        stamp = clock.stamp()
        saved.update(createdAt=stamp, createdBy=caller, updatedAt=stamp)
    else:
        saved.update(createdAt=existing["createdAt"], createdBy=existing["createdBy"])
        saved["updatedAt"] = clock.stamp(existing.get("updatedAt"))
    saved["updatedBy"] = caller
    state["providers"][record["provider"]] = saved
    return saved
