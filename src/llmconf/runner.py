"""The stages a command runs as plain functions: load, connect, read live, plan."""

from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from llmconf.config import check_desired, check_offline, load_config
from llmconf.errors import ConfigError, UsageError
from llmconf.options import Options
from llmconf.state import DesiredState, LiveState

if TYPE_CHECKING:
    from llmconf.plan import Plan
    from llmconf.port import Credentials, PortClient, RetryPolicy

# The HTTP client and the planner are imported where they are used, so validate
# (which needs only load_desired) never loads them.

log = logging.getLogger(__name__)

SANDBOX_URL = "https://sandbox.invalid"


def load_desired(
    path: Path, options: Options, *, offline: bool = False
) -> DesiredState:
    """Return the desired state of ``path``; raise ConfigError with every problem.

    With ``offline`` the cross-field checks run here too, without live state: only
    the findings live state could not settle are problems; the others are logged as
    warnings, since plan and apply check them against Port (a model or provider
    that Port already reports counts as known).
    """
    desired = load_config(path, environ=options.environ)
    if not offline:
        return desired
    problems, deferred = check_offline(desired)
    if problems:
        raise ConfigError(problems)
    for problem in deferred:
        log.warning("%s (plan checks this against live state)", problem)
    return desired


def open_client(desired: DesiredState, options: Options) -> PortClient:
    """Return a client for the org ``desired`` targets (the sandbox when asked)."""
    from llmconf.port import PortClient, credentials_from_env

    state = sandbox_state(desired.source, options)
    if state is None:
        names = desired.credentials
        return PortClient(
            target_url(desired, options),
            credentials_from_env(options.environ, names),
            timeout=options.timeout,
            retry=_retry(options),
        )

    from llmconf.sandbox import (
        ADMIN_CLIENT_ID,
        ADMIN_CLIENT_SECRET,
        Sandbox,
        SandboxTransport,
    )

    credentials = _sandbox_credentials(
        desired, options, ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET
    )
    return PortClient(
        SANDBOX_URL,
        credentials,
        transport=SandboxTransport(Sandbox(state)),
        timeout=options.timeout,
        retry=_retry(options),
        label=target_url(desired, options),
    )


def target_url(desired: DesiredState, options: Options) -> str:
    """Return where ``desired`` is planned and applied: an API URL or a sandbox."""
    state = sandbox_state(desired.source, options)
    if state is not None:
        # Resolved, so a saved plan names the same state file from any directory.
        return f"sandbox {state.resolve()}"
    from llmconf.port import resolve_base_url

    names = desired.credentials
    return resolve_base_url(options.api_url, options.environ, names, desired.port_url)


def read_and_plan(
    desired: DesiredState, client: PortClient, options: Options
) -> tuple[LiveState, Plan]:
    """Read live state, run the live-aware checks, and return the plan."""
    from llmconf.planner import build_plan

    live = client.read_live()
    log.info("read live state from %s: %d providers", live.api_url, len(live.providers))
    problems = check_desired(desired, live)
    if problems:
        raise ConfigError(problems)
    _check_targets(desired, live, options.targets)
    plan = build_plan(
        desired,
        live,
        targets=options.targets,
        mass_change_share=options.mass_change_share,
        allow_mass_change=options.allow_mass_change,
    )
    log.info("planned %d actions for %s", len(plan.actions), desired.source)
    return live, plan


def plan_config(desired: DesiredState, options: Options) -> Plan:
    """Return the plan of ``desired`` against its org, reading live state once."""
    with open_client(desired, options) as client:
        return read_and_plan(desired, client, options)[1]


def _check_targets(
    desired: DesiredState, live: LiveState, targets: tuple[str, ...]
) -> None:
    unknown = [
        t for t in targets if t not in desired.providers and t not in live.providers
    ]
    if unknown:
        known = sorted(set(desired.providers) | set(live.providers))
        close = [m for t in unknown for m in difflib.get_close_matches(t, known, n=1)]
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(
            f"--target {', '.join(unknown)}: no such provider in {desired.source} "
            f"or on Port{hint}"
        )


def sandbox_state(config: Path, options: Options) -> Path | None:
    """Return the sandbox state file for ``config``, or None off the sandbox.

    ``--sandbox DIR`` gives each config file its own org: ``DIR/<file stem>.json``.
    """
    if options.sandbox is None:
        return None
    if options.sandbox.is_dir():
        return options.sandbox / f"{config.stem}.json"
    return options.sandbox


def _retry(options: Options) -> RetryPolicy:
    from llmconf.port import RetryPolicy

    return RetryPolicy(
        max_attempts=options.max_attempts, max_total_seconds=options.max_retry_seconds
    )


def _sandbox_credentials(
    desired: DesiredState, options: Options, admin_id: str, admin_secret: str
) -> Credentials:
    # With no credentials in the environment the sandbox's seeded admin is used, so
    # the quick start needs no setup; any credential given (a member's) is used, and
    # half a pair is an error rather than a silent switch to the admin.
    from llmconf.port import Credentials, credentials_from_env

    names = desired.credentials
    env = options.environ
    if any(env.get(n) for n in (names.token, names.client_id, names.client_secret)):
        return credentials_from_env(env, names)
    return Credentials(client_id=admin_id, client_secret=admin_secret, token=None)
