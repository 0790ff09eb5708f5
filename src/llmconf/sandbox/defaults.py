"""The ``/v1/llm-providers/defaults`` routes: the org's default provider and model."""

from __future__ import annotations

from typing import Any

from llmconf.catalog import SYSTEM_DEFAULT_MODEL, SYSTEM_DEFAULT_PROVIDER
from llmconf.sandbox.bodies import effective_models
from llmconf.sandbox.request import Request, check_body
from llmconf.sandbox.responses import (
    SandboxResponse,
    json_response,
    model_not_enabled,
    named_error,
    provider_not_found,
)


def get_defaults(request: Request, state: dict[str, Any]) -> SandboxResponse:
    """Return the org defaults, or Port's system defaults (without metadata)."""
    stored = state.get("defaults")
    if stored is None:
        stored = {"provider": SYSTEM_DEFAULT_PROVIDER, "model": SYSTEM_DEFAULT_MODEL}
    return json_response(200, {"ok": True, "result": stored})


def put_defaults(request: Request, state: dict[str, Any]) -> SandboxResponse:
    body = check_body(request.json_body(), ("provider", "model"))
    provider, model = body["provider"], body["model"]
    record = state["providers"].get(provider)
    if record is None:
        raise provider_not_found(provider)
    if provider != "port" and not record.get("enabled", True):
        message = f"LLM provider '{provider}' is not enabled for organization"
        raise named_error(404, "LLMProviderNotFoundError", message)
    if not effective_models(record).get(model, {}).get("enabled"):
        raise model_not_enabled(model, provider)

    previous = state.get("defaults")
    stamp = request.clock.stamp(previous["updatedAt"] if previous else None)
    state["defaults"] = {
        "provider": provider,
        "model": model,
        "createdAt": previous["createdAt"] if previous else stamp,
        "createdBy": previous["createdBy"] if previous else request.caller,
        "updatedAt": stamp,
        "updatedBy": request.caller,
    }
    return json_response(200, {"ok": True, "result": state["defaults"]})
