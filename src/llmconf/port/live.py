"""Reading Port's provider and defaults answers into live state, tolerating variants."""

from __future__ import annotations

import logging
from typing import Any

from llmconf.catalog import SYSTEM_DEFAULT_MODEL, SYSTEM_DEFAULT_PROVIDER
from llmconf.state import Defaults, LiveProvider, LiveState

logger = logging.getLogger(__name__)

# The docs wrap lists in "result"; other Port clients have seen "providers".
_LIST_KEYS = ("result", "providers")
_OBJECT_KEYS = ("result", "provider")
_MODEL_ID_KEYS = ("model", "id", "name")


def provider_list(payload: Any) -> list[dict[str, Any]]:
    """Return the provider objects of a list answer (``result`` or ``providers``)."""
    if isinstance(payload, dict):
        for key in _LIST_KEYS:
            entries = payload.get(key)
            if isinstance(entries, list):
                return [entry for entry in entries if isinstance(entry, dict)]
    if isinstance(payload, list):
        return [entry for entry in payload if isinstance(entry, dict)]
    return []


def provider_object(payload: Any) -> dict[str, Any] | None:
    """Return the provider object of a single answer, or None when it carries none."""
    if not isinstance(payload, dict):
        return None
    for key in _OBJECT_KEYS:
        value = payload.get(key)
        if isinstance(value, dict):
            return value
    # A bare provider object, without the {"ok", "result"} wrapper.
    if isinstance(payload.get("provider"), str) and "enabled" in payload:
        return payload
    return None


def parse_provider(entry: dict[str, Any]) -> LiveProvider | None:
    """Return the live provider an answer entry describes; None without a type."""
    kind = entry.get("provider")
    if not isinstance(kind, str) or not kind:
        return None

    config = entry.get("config")
    overrides = entry.get("overrides")
    models = overrides.get("models") if isinstance(overrides, dict) else None
    return LiveProvider(
        type=kind,
        enabled=_flag(entry.get("enabled", True)),
        config=dict(config) if isinstance(config, dict) else {},
        overrides=model_flags(models),
        effective=model_flags(entry.get("effectiveModels")),
        updated_at=_text(entry.get("updatedAt")),
        updated_by=_text(entry.get("updatedBy")),
    )


def model_flags(value: Any) -> dict[str, bool]:
    """Return ``{model_id: enabled}`` from an object map or a list of model entries."""
    if isinstance(value, dict):
        return {str(model): _flag(entry) for model, entry in value.items()}
    if not isinstance(value, list):
        return {}

    flags: dict[str, bool] = {}
    for entry in value:
        if not isinstance(entry, dict):
            continue
        model = next(
            (entry[k] for k in _MODEL_ID_KEYS if isinstance(entry.get(k), str)), None
        )
        if model:
            flags[model] = _flag(entry)
    return flags


def parse_defaults(payload: Any) -> tuple[Defaults, bool]:
    """Return the org defaults and whether the org set them (False: system defaults)."""
    result = payload.get("result") if isinstance(payload, dict) else None
    if not isinstance(result, dict):
        result = payload if isinstance(payload, dict) else {}

    provider = _text(result.get("provider")) or SYSTEM_DEFAULT_PROVIDER
    model = _text(result.get("model")) or SYSTEM_DEFAULT_MODEL
    # Port's system defaults come back without any timestamp.
    chosen = bool(result.get("createdAt") or result.get("updatedAt"))
    return Defaults(provider=provider, model=model), chosen


def build_live_state(
    list_payload: Any, defaults_payload: Any, *, api_url: str, sandbox: bool
) -> LiveState:
    """Return the live state made of one list answer and one defaults answer."""
    providers: dict[str, LiveProvider] = {}
    for entry in provider_list(list_payload):
        provider = parse_provider(entry)
        if provider is None:
            logger.debug("ignoring a provider entry without a type")
            continue
        providers[provider.type] = provider

    defaults, chosen = parse_defaults(defaults_payload)
    return LiveState(
        providers=providers,
        defaults=defaults,
        defaults_set=chosen,
        api_url=api_url,
        sandbox=sandbox,
    )


def _flag(value: Any) -> bool:
    """Return an ``enabled`` flag; Port's schema default for a missing one is true."""
    if isinstance(value, dict):
        value = value.get("enabled", True)
    return value if isinstance(value, bool) else True


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
