"""Desired state (from the config file) and live state (from Port), as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Location = tuple[int, int]
JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Defaults:
    """The org default provider and model."""

    provider: str
    model: str


@dataclass(frozen=True)
class DesiredProvider:
    """One provider entry of the config file, with Port's own field names in ``config``.

    ``only`` is the "only these models" form: when set, every known model of the type
    that is not listed is written as ``enabled: false``. ``overrides`` is Port's own
    ``overrides.models`` form reduced to ``{model_id: enabled}``. At most one is used.
    """

    type: str
    enabled: bool = True
    config: dict[str, Any] = field(default_factory=dict)
    only: tuple[str, ...] | None = None
    overrides: dict[str, bool] = field(default_factory=dict)
    absent: bool = False
    protect: bool = False


@dataclass(frozen=True)
class CredentialsEnv:
    """Names of the environment variables that hold this file's Port credentials."""

    client_id: str = "PORT_CLIENT_ID"
    client_secret: str = "PORT_CLIENT_SECRET"
    token: str = "PORT_TOKEN"
    api_url: str = "PORT_API_URL"


@dataclass
class DesiredState:
    """Everything the config file asks for, plus where each key was written."""

    source: Path
    providers: dict[str, DesiredProvider]
    defaults: Defaults | None = None
    port_url: str | None = None
    prune: bool = False
    credentials: CredentialsEnv = field(default_factory=CredentialsEnv)
    marks: dict[JsonPath, Location] = field(default_factory=dict)

    def locate(self, path: JsonPath) -> Location:
        """Return the (line, col) of ``path`` or of its nearest written ancestor."""
        probe = tuple(path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


@dataclass(frozen=True)
class LiveProvider:
    """One provider as Port reports it. ``effective`` is Port's ``effectiveModels``."""

    type: str
    enabled: bool
    config: dict[str, Any]
    overrides: dict[str, bool]
    effective: dict[str, bool]
    updated_at: str | None = None
    updated_by: str | None = None


@dataclass
class LiveState:
    """The org as Port reports it: providers by type and the effective defaults.

    ``defaults_set`` is False when the org has none and Port's system defaults apply.
    ``org`` is the organization id the token names, when it names one.
    """

    providers: dict[str, LiveProvider]
    defaults: Defaults
    defaults_set: bool = True
    api_url: str = ""
    sandbox: bool = False
    org: str | None = None
