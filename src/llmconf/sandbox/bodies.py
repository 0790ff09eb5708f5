"""Top-level and ``overrides`` rules of provider request bodies (POST and PUT)."""

from __future__ import annotations

from typing import Any

from llmconf.catalog import PROVIDER_TYPES, catalog_for
from llmconf.sandbox.configs import check_config
from llmconf.sandbox.responses import invalid_config

CREATE_KEYS = ("provider", "config", "overrides", "enabled")
UPDATE_KEYS = ("config", "overrides", "enabled")


def check_create(body: Any) -> dict[str, Any]:
    """Return the provider record a POST body asks for; raise ApiError (400) if bad."""
    _check_keys(body, CREATE_KEYS)
    for key in ("provider", "config"):
        if key not in body:
            raise invalid_config(f"{key} is required")
    kind = body["provider"]
    if not isinstance(kind, str) or not kind:
        raise invalid_config("provider must be a non-empty string")
    if kind == "port":
        raise invalid_config(
            "The 'port' provider is managed by Port and cannot be created"
        )

    record = {"provider": kind, "enabled": body.get("enabled", True)}
    record["config"] = body["config"]
    if "overrides" in body:
        record["overrides"] = body["overrides"]
    check_record(record)
    return record


def check_update(body: Any, stored: dict[str, Any]) -> dict[str, Any]:
    """Return ``stored`` with the keys a PUT body gives replaced; raise if bad."""
    _check_keys(body, UPDATE_KEYS)
    record = {**stored, **body}
    check_record(record)
    return record


def check_record(record: dict[str, Any]) -> None:
    """Check a whole provider record (enabled, config, overrides) for its type."""
    kind = record["provider"]
    if not isinstance(record.get("enabled"), bool):
        raise invalid_config("enabled must be a boolean")
    if kind == "port" and record.get("config"):
        raise invalid_config("The 'port' provider takes no config")
    check_config(kind, record.get("config"))
    if "overrides" in record:
        check_overrides(kind, record["config"], record["overrides"])


def check_overrides(kind: str, config: dict[str, Any], overrides: Any) -> None:
    """Check ``overrides.models``: keys must be model ids of the type's catalog."""
    if not isinstance(overrides, dict):
        raise invalid_config("overrides must be an object")
    extra = sorted(set(overrides) - {"models"})
    if extra:
        raise invalid_config(f"overrides.{extra[0]} is not an overrides field")
    models = overrides.get("models", {})
    if not isinstance(models, dict):
        raise invalid_config("overrides.models must be an object")

    # Unknown types have no catalog to check against; their overrides are kept as given.
    catalog = catalog_for(kind, config) if kind in PROVIDER_TYPES else None
    for model, entry in models.items():
        if catalog is not None and model not in catalog:
            raise invalid_config(
                f"Model '{model}' is not supported by provider '{kind}'"
            )
        if not isinstance(entry, dict) or set(entry) - {"enabled"}:
            raise invalid_config(
                f'overrides.models.{model} must be {{"enabled": bool}}'
            )
        if not isinstance(entry.get("enabled", True), bool):
            raise invalid_config(f"overrides.models.{model}.enabled must be a boolean")


def effective_models(record: dict[str, Any]) -> dict[str, dict[str, bool]]:
    """Return Port's ``effectiveModels``: the catalog merged with the overrides."""
    overrides = (record.get("overrides") or {}).get("models") or {}
    catalog = catalog_for(record["provider"], record.get("config"))
    effective = {model: {"enabled": True} for model in catalog}
    for model, entry in overrides.items():
        effective[model] = {"enabled": bool(entry.get("enabled", True))}
    return effective


def _check_keys(body: Any, allowed: tuple[str, ...]) -> None:
    if not isinstance(body, dict):
        raise invalid_config("request body must be an object")
    extra = sorted(set(body) - set(allowed))
    if extra:
        raise invalid_config(f"{extra[0]} is not an allowed field of this request body")
