"""One place that reduces desired and live providers to the same comparable shape."""

from __future__ import annotations

from typing import Any

from llmconf.config.fields import config_fields
from llmconf.config.models import effective_models
from llmconf.state import DesiredProvider, LiveProvider


def normalize_config(config: dict[str, Any]) -> dict[str, Any]:
    """Return ``config`` without empty values, with ``models`` keyed by name.

    Port may echo optional fields back as null or empty strings; treating those as
    absent keeps an applied file from planning a change forever.
    """
    normalized: dict[str, Any] = {}
    for key, value in config.items():
        if key == "models" and isinstance(value, list):
            normalized[key] = _models_by_name(value)
        elif isinstance(value, dict):
            inner = {k: v for k, v in value.items() if not _empty(v)}
            if inner:
                normalized[key] = inner
        elif not _empty(value):
            normalized[key] = value
    return normalized


def normalize_desired(
    desired: DesiredProvider, live: LiveProvider | None
) -> dict[str, Any]:
    """Return the comparable form of a desired provider (models as their effect)."""
    return {
        "enabled": desired.enabled,
        "config": normalize_config(desired.config),
        "models": effective_models(desired, live),
    }


def normalize_live(live: LiveProvider) -> dict[str, Any]:
    """Return the comparable form of a live provider (server-owned fields dropped).

    Config keys the file cannot declare for this type are left out: they are Port's
    to set, and comparing them would plan their removal on every run.
    """
    foreign = foreign_fields(live)
    config = {k: v for k, v in live.config.items() if k not in foreign}
    return {
        "enabled": live.enabled,
        "config": normalize_config(config),
        "models": dict(live.effective),
    }


def foreign_fields(live: LiveProvider) -> dict[str, Any]:
    """Return the live config keys the file cannot declare for this provider type."""
    declarable = config_fields(live.type)
    if declarable is None:
        return {}
    return {k: v for k, v in live.config.items() if k not in declarable}


def _models_by_name(entries: list[Any]) -> dict[str, Any]:
    models: dict[str, Any] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            models[f"[{index}]"] = entry
            continue
        name = entry.get("name", f"[{index}]")
        models[str(name)] = normalize_config(
            {k: v for k, v in entry.items() if k != "name"}
        )
    return models


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == {}
