"""The plan: ordered actions with their field changes, counts and fingerprints."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from llmconf.state import Defaults

ActionKind = Literal["create", "update", "delete", "set_defaults"]


class _Absent:
    """Marks the missing side of a change (a field added or removed)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Any = _Absent()


@dataclass(frozen=True)
class Change:
    """One field of a provider that differs: dotted path, live value, desired value."""

    path: str
    old: Any
    new: Any
    sensitive: bool = False


@dataclass(frozen=True)
class Action:
    """One write to Port, with the request body it will send.

    ``expected_updated_at`` is the live ``updatedAt`` the plan was made from; apply
    refuses the write when Port reports another one (someone else wrote meanwhile).
    """

    kind: ActionKind
    provider: str
    changes: tuple[Change, ...] = ()
    body: dict[str, Any] | None = None
    reason: str = ""
    expected_updated_at: str | None = None
    disables: bool = False

    @property
    def title(self) -> str:
        if self.kind == "set_defaults":
            return "set defaults"
        return f"{self.kind} provider {self.provider}"


@dataclass
class Plan:
    """What apply would do, in the order it would do it."""

    actions: list[Action]
    unmanaged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    live_defaults: Defaults | None = None
    desired_defaults: Defaults | None = None
    config_path: str = ""
    api_url: str = ""
    sandbox: bool = False
    org: str | None = None
    live_fingerprint: str = ""
    desired_fingerprint: str = ""
    targets: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.actions

    def count(self, kind: ActionKind) -> int:
        """Return how many actions of ``kind`` the plan holds."""
        return sum(1 for action in self.actions if action.kind == kind)

    def summary(self) -> dict[str, Any]:
        """Return the summary counts used by every renderer."""
        return {
            "create": self.count("create"),
            "update": self.count("update"),
            "delete": self.count("delete"),
            "defaults": self.count("set_defaults") > 0,
        }


def fingerprint(value: Any) -> str:
    """Return a short, stable digest of a JSON-able value (sorted keys)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:32]
