"""The validation pass before any write, then the ordered writes and their report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from llmconf.catalog import SECRET_NAME_FIELDS
from llmconf.errors import (
    ApplyFailed,
    ApplyInterrupted,
    ConcurrentChange,
    ForbiddenError,
    ModelTestError,
    PlanRefused,
    PortError,
    PreflightFailed,
)
from llmconf.plan import Action, Plan
from llmconf.port.errors import with_message
from llmconf.redact import scrub
from llmconf.state import Defaults, DesiredState

log = logging.getLogger(__name__)

Status = Literal["done", "failed", "interrupted", "not attempted"]


class Writer(Protocol):
    """The part of the Port client that apply uses."""

    def check_can_manage(self) -> None: ...
    def secrets_exist(self, names: list[str]) -> dict[str, bool]: ...
    def get_provider(self, provider: str) -> dict[str, Any] | None: ...
    def read_defaults(self) -> Defaults: ...
    def create_provider(self, body: dict[str, Any]) -> dict[str, Any]: ...
    def update_provider(
        self, provider: str, body: dict[str, Any]
    ) -> dict[str, Any]: ...
    def delete_provider(self, provider: str) -> None: ...
    def set_defaults(self, provider: str, model: str) -> Defaults: ...


@dataclass
class ActionResult:
    """What happened to one action during apply."""

    action: Action
    status: Status
    seconds: float = 0.0
    error: str = ""
    tested_models: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ApplyReport:
    """Every action of the plan with its outcome, in plan order."""

    results: list[ActionResult]

    @property
    def ok(self) -> bool:
        return all(r.status == "done" for r in self.results)

    def with_status(self, status: Status) -> list[ActionResult]:
        return [r for r in self.results if r.status == status]


def preflight(plan: Plan, desired: DesiredState, client: Writer) -> None:
    """Run the checks that must pass before the first write.

    Raises PlanRefused for a safety rule, ForbiddenError when the token may not
    manage providers, and PreflightFailed when a referenced secret is missing.
    """
    if plan.blockers:
        raise PlanRefused("the plan was refused:\n  " + "\n  ".join(plan.blockers))
    if plan.is_empty:
        return

    try:
        client.check_can_manage()
    except ForbiddenError as exc:
        raise with_message(
            exc,
            f"{exc.message} (apply needs an organization admin's credentials; "
            "nothing was written)",
        ) from exc
    referenced = referenced_secrets(plan)
    log.info(
        "preflight: token may manage providers; checking %d secrets", len(referenced)
    )
    if not referenced:
        return
    found = client.secrets_exist(sorted(referenced))
    missing = [name for name, exists in found.items() if not exists]
    if missing:
        raise PreflightFailed(_missing_secrets_message(missing, referenced, desired))


def referenced_secrets(plan: Plan) -> dict[str, tuple[str, str]]:
    """Return every secret name the plan's writes reference, with where it is used."""
    names: dict[str, tuple[str, str]] = {}
    for action in plan.actions:
        config = (action.body or {}).get("config") or {}
        for key in SECRET_NAME_FIELDS:
            value = config.get(key)
            if isinstance(value, str) and value:
                names.setdefault(value, (action.provider, key))
    return names


def apply_plan(
    plan: Plan, client: Writer, progress: Callable[[str], None] = log.info
) -> ApplyReport:
    """Write every action in order; stop at the first failure.

    Returns the report when every action succeeded; raises ApplyFailed carrying the
    report (done, failed, not attempted) otherwise.
    """
    report = ApplyReport([ActionResult(a, "not attempted") for a in plan.actions])
    try:
        for result in report.results:
            started = time.monotonic()
            progress(f"{result.action.title}: started")
            _check_unchanged(result, plan, client, progress, report)
            _run_write(result, client, started, progress, report)
    except KeyboardInterrupt as exc:
        raise ApplyInterrupted("apply interrupted", report) from exc
    return report


def _check_unchanged(
    result: ActionResult,
    plan: Plan,
    client: Writer,
    progress: Callable[[str], None],
    report: ApplyReport,
) -> None:
    try:
        _confirm_unchanged(result.action, plan, client)
    except ConcurrentChange as exc:
        # The race check runs before the write, so the write was not attempted.
        result.error = scrub(str(exc))
        progress(f"{result.action.title}: not attempted")
        title = result.action.title
        raise ApplyFailed(f"{title} was not attempted", report) from exc


def _run_write(
    result: ActionResult,
    client: Writer,
    started: float,
    progress: Callable[[str], None],
    report: ApplyReport,
) -> None:
    title = result.action.title
    try:
        _write(result.action, client)
    except PortError as exc:
        result.status, result.error = "failed", scrub(str(exc))
        result.seconds = time.monotonic() - started
        if isinstance(exc, ModelTestError):
            result.tested_models = exc.tested_models
        progress(f"{title}: failed after {result.seconds:.1f}s")
        raise ApplyFailed(f"{title} failed", report) from exc
    except KeyboardInterrupt:
        result.status, result.seconds = "interrupted", time.monotonic() - started
        result.error = "stopped while the write was in flight; its outcome is unknown"
        raise
    result.status, result.seconds = "done", time.monotonic() - started
    progress(f"{title}: done after {result.seconds:.1f}s")


def _confirm_unchanged(action: Action, plan: Plan, client: Writer) -> None:
    """Refuse the write when another writer changed the resource since the plan."""
    if action.kind == "set_defaults":
        if plan.live_defaults and client.read_defaults() != plan.live_defaults:
            raise ConcurrentChange(
                "the org defaults changed since the plan was made; run plan again"
            )
        return
    current = client.get_provider(action.provider)
    if action.kind == "create":
        if current is not None:
            raise ConcurrentChange(
                f"provider {action.provider} was created by someone else since the "
                "plan was made; run plan again"
            )
        return
    seen = (current or {}).get("updatedAt")
    if current is None or seen != action.expected_updated_at:
        raise ConcurrentChange(
            f"provider {action.provider} changed since the plan was made "
            f"(updatedAt {action.expected_updated_at} -> {seen}); run plan again"
        )


def _write(action: Action, client: Writer) -> None:
    body = action.body or {}
    if action.kind == "create":
        client.create_provider(body)
    elif action.kind == "update":
        client.update_provider(action.provider, body)
    elif action.kind == "delete":
        client.delete_provider(action.provider)
    else:
        client.set_defaults(body["provider"], body["model"])


def _missing_secrets_message(
    missing: list[str], referenced: dict[str, tuple[str, str]], desired: DesiredState
) -> str:
    lines = ["referenced Port secrets do not exist in the org (nothing was written):"]
    for name in missing:
        provider, key = referenced[name]
        path = ("providers", provider, "config", key)
        line, col = desired.locate(path)
        lines.append(
            f"  {desired.source}:{line}:{col}: providers.{provider}.config.{key}: "
            f"secret '{name}' not found; create it in Port (Credentials > Secrets) "
            "or fix the name"
        )
    return "\n".join(lines)
