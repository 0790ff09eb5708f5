"""Live state as a config file: how an existing org is adopted (``llmconf export``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from llmconf.catalog import PROVIDER_TYPES, REGION_URLS, SENSITIVE_FIELDS
from llmconf.config import effective_models
from llmconf.config.fields import config_fields
from llmconf.render.values import printable
from llmconf.state import DesiredProvider, LiveProvider, LiveState

MODELINE = "# yaml-language-server: $schema={ref}"


@dataclass
class Export:
    """The exported file's text, and what the user should know about it."""

    text: str
    warnings: list[str] = field(default_factory=list)


def export_live(live: LiveState, schema_ref: str) -> Export:
    """Return the config file that declares ``live`` exactly as Port reports it.

    Port's own provider is left out (it cannot be declared); provider types and
    config fields the schema does not know are skipped with a warning.
    """
    warnings: list[str] = []
    document: dict[str, Any] = {"version": 1}
    if live.api_url.rstrip("/") == REGION_URLS["us"]:
        document["port"] = "us"
    if live.defaults_set:
        document["defaults"] = {
            "provider": live.defaults.provider,
            "model": live.defaults.model,
        }

    providers: dict[str, Any] = {}
    for kind in sorted(live.providers):
        entry = _entry(live.providers[kind], warnings)
        if entry is not None:
            providers[kind] = entry
    document["providers"] = providers
    # Warnings name Port's provider types and keys, which may hold control characters.
    shown = [printable(warning) for warning in warnings]
    return Export(_header(live, schema_ref) + _dump(document), shown)


def _entry(provider: LiveProvider, warnings: list[str]) -> dict[str, Any] | None:
    kind = provider.type
    known = PROVIDER_TYPES.get(kind)
    if known is not None and known.managed_by_port:
        return None
    allowed = config_fields(kind)
    if allowed is None:
        warnings.append(f"{kind}: a provider type llmconf does not know; not exported")
        return None

    entry: dict[str, Any] = {} if provider.enabled else {"enabled": False}
    config = _config(provider, allowed, warnings)
    if config:
        entry["config"] = config
    entry.update(_models_form(provider, config, warnings))
    return entry


def _config(
    provider: LiveProvider, allowed: frozenset[str] | None, warnings: list[str]
) -> dict[str, Any]:
    config: dict[str, Any] = {}
    for key, value in provider.config.items():
        if value is None or value == "" or value == {}:
            continue
        if allowed and key not in allowed:
            warnings.append(
                f"{provider.type}: config.{key} is not in llmconf's schema; "
                "not exported"
            )
            continue
        if key in SENSITIVE_FIELDS:
            warnings.append(
                f"{provider.type}: config.{key} values were written as Port reports "
                "them; check that none holds a secret before committing the file"
            )
        config[key] = value
    return config


def _models_form(
    provider: LiveProvider, config: dict[str, Any], warnings: list[str]
) -> dict[str, Any]:
    """Return ``models`` (only these), ``overrides``, or nothing, whichever is exact.

    The only-these form is preferred: it also keeps models Port adds later off.
    """
    effective = provider.effective
    if all(effective.values()):
        return {}
    on = [model for model, enabled in effective.items() if enabled]
    only = DesiredProvider(type=provider.type, config=config, only=tuple(on))
    if on and effective_models(only, provider) == effective:
        return {"models": on}

    overrides = dict(sorted(provider.overrides.items()))
    listed = DesiredProvider(type=provider.type, config=config, overrides=overrides)
    if effective_models(listed, provider) != effective:
        warnings.append(
            f"{provider.type}: Port's overrides do not explain its effective models; "
            "the overrides were exported as they are"
        )
    if not overrides:
        return {}
    return {
        "overrides": {"models": {m: {"enabled": on} for m, on in overrides.items()}}
    }


def _header(live: LiveState, schema_ref: str) -> str:
    where = live.api_url or "Port"
    return (
        MODELINE.format(ref=schema_ref) + "\n#\n"
        f"# Exported by llmconf export from {where}. Review it, commit it, and\n"
        "# `llmconf plan` against the same org shows no changes.\n"
    )


def _dump(document: dict[str, Any]) -> str:
    return yaml.safe_dump(
        _escape(document), sort_keys=False, allow_unicode=True, width=88
    )


def _escape(value: Any) -> Any:
    # The loader expands ${VAR} in string values, so a literal '$' is written '$$'.
    if isinstance(value, str):
        return value.replace("$", "$$")
    if isinstance(value, dict):
        return {key: _escape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escape(item) for item in value]
    return value
