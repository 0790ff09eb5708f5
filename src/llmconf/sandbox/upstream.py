"""The simulated upstream behind ``validate_connection``: which models a config reaches.

The endpoints live in the state file (``upstream.endpoints``, see ``seed_upstream``),
so tests can add credentials, gateways or reachable models by editing it.
"""

from __future__ import annotations

from typing import Any

from llmconf.catalog import SECRET_NAME_FIELDS

INVALID_KEY = "Invalid API key"


def run_connection_test(
    state: dict[str, Any], record: dict[str, Any], models: list[str]
) -> dict[str, dict[str, Any]]:
    """Return Port's ``testedModels`` for ``models`` of the provider ``record``.

    Each value is ``{"isValid": True}`` or ``{"isValid": False, "message": ...}``.
    """
    config = record.get("config") or {}
    endpoints, failure = _reachable_endpoints(state, record["provider"], config)
    if failure is not None:
        return {model: {"isValid": False, "message": failure} for model in models}
    return {model: _test_one(model, endpoints) for model in models}


def _reachable_endpoints(
    state: dict[str, Any], kind: str, config: dict[str, Any]
) -> tuple[list[dict[str, Any]], str | None]:
    values, failure = _resolve_secrets(state, config)
    if failure is not None:
        return [], failure

    candidates = [
        e
        for e in state.get("upstream", {}).get("endpoints", [])
        if e.get("provider") == kind and _config_matches(e, config)
    ]
    # A gateway nobody listens on fails before any credential is looked at.
    if "baseUrl" in config and not candidates:
        return [], f"Connection refused: could not connect to {config['baseUrl']}"
    endpoints = [e for e in candidates if _credentials_match(e, values)]
    if not endpoints:
        return [], INVALID_KEY
    return endpoints, None


def _resolve_secrets(
    state: dict[str, Any], config: dict[str, Any]
) -> tuple[dict[str, str], str | None]:
    secrets = state.get("secrets", {})
    values = {}
    for field in SECRET_NAME_FIELDS:
        name = config.get(field)
        if name is None:
            continue
        if name not in secrets:
            return values, f"{INVALID_KEY}: secret '{name}' was not found"
        value = secrets[name]["value"]
        # Port passes secret values on byte for byte; upstream auth rejects padded keys.
        if value != value.strip():
            return values, INVALID_KEY
        values[field] = value
    return values, None


def _config_matches(endpoint: dict[str, Any], config: dict[str, Any]) -> bool:
    for key, wanted in (endpoint.get("config") or {}).items():
        if key not in config or (wanted != "*" and config[key] != wanted):
            return False
    return True


def _credentials_match(endpoint: dict[str, Any], values: dict[str, str]) -> bool:
    wanted = endpoint.get("credentials") or {}
    return all(values.get(field) == value for field, value in wanted.items())


def _test_one(model: str, endpoints: list[dict[str, Any]]) -> dict[str, Any]:
    for endpoint in endpoints:
        reach = endpoint.get("models", "*")
        if reach == "*" or model in reach:
            return {"isValid": True}
    denied = next((e["denied"] for e in endpoints if e.get("denied")), None)
    return {"isValid": False, "message": denied or f"model not found: {model}"}
