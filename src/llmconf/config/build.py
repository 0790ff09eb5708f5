"""Builds the desired state from a document that passed every load-time check."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from llmconf.catalog import REGION_URLS
from llmconf.state import (
    CredentialsEnv,
    Defaults,
    DesiredProvider,
    DesiredState,
    JsonPath,
    Location,
)

# Port's base URL per region name (port-api §1.1).

_CREDENTIAL_KEYS = {
    "clientId": "client_id",
    "clientSecret": "client_secret",
    "token": "token",
    "apiUrl": "api_url",
}


def build_state(
    data: dict[str, Any], source: Path, marks: dict[JsonPath, Location]
) -> DesiredState:
    """Return the DesiredState of a valid document; ``marks`` locate its keys."""
    providers = {
        name: build_provider(name, entry)
        for name, entry in data.get("providers", {}).items()
    }
    port = data.get("port")
    return DesiredState(
        source=source,
        providers=providers,
        defaults=_defaults(data.get("defaults")),
        port_url=REGION_URLS.get(port, port) if port is not None else None,
        prune=bool(data.get("prune", False)),
        credentials=_credentials(data.get("credentials", {})),
        marks=dict(marks),
    )


def build_provider(name: str, entry: dict[str, Any]) -> DesiredProvider:
    """Return the DesiredProvider of one valid ``providers`` entry."""
    models = entry.get("models")
    overrides = entry.get("overrides", {}).get("models", {})
    return DesiredProvider(
        type=name,
        enabled=entry.get("enabled", True),
        config=copy.deepcopy(entry.get("config", {})),
        only=tuple(models) if models is not None else None,
        overrides={m: setting.get("enabled", True) for m, setting in overrides.items()},
        absent=entry.get("absent", False),
        protect=entry.get("protect", False),
    )


def _defaults(section: dict[str, str] | None) -> Defaults | None:
    if section is None:
        return None
    return Defaults(provider=section["provider"], model=section["model"])


def _credentials(section: dict[str, str]) -> CredentialsEnv:
    names = {_CREDENTIAL_KEYS[key]: value for key, value in section.items()}
    return CredentialsEnv(**names)
