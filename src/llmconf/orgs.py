"""Several orgs in one run: which config files, and their plans made concurrently."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from llmconf.errors import ConfigError, LlmconfError, UsageError
from llmconf.plan import Plan
from llmconf.redact import scrub
from llmconf.runner import Options, load_desired, open_client, read_and_plan

log = logging.getLogger(__name__)

MAX_WORKERS = 8


@dataclass
class OrgPlan:
    """One config file's outcome: its plan, or the error lines that stopped it."""

    config: Path
    plan: Plan | None = None
    error: list[str] | None = None

    @property
    def failed(self) -> bool:
        """Return True when no plan was made, or the plan breaks a safety rule."""
        return self.plan is None or bool(self.plan.blockers)


def expand_configs(paths: Iterable[Path]) -> list[Path]:
    """Return the config files named by ``paths``: files as given, directories' *.yaml.

    Raises UsageError for a directory without any ``*.yaml`` file.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not inside:
                raise UsageError(f"{path} is a directory without any *.yaml file")
            found += inside
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def check_sandbox_rule(configs: list[Path], options: Options) -> None:
    """Refuse several config files against one sandbox state file.

    Raises UsageError: with several files ``--sandbox`` must name a directory, in
    which each config file gets the state file named after it.
    """
    sandbox = options.sandbox
    if len(configs) > 1 and sandbox is not None and not sandbox.is_dir():
        raise UsageError(
            f"several config files need --sandbox to be an existing directory "
            f"(one state file per config file, e.g. {sandbox}/dev.json for dev.yaml); "
            f"{sandbox} is not one"
        )


def plan_one(config: Path, options: Options) -> OrgPlan:
    """Return the plan of one config file, with any error captured as text lines."""
    try:
        desired = load_desired(config, options)
        with open_client(desired, options) as client:
            _live, plan = read_and_plan(desired, client, options)
    except ConfigError as exc:
        lines = [scrub(str(problem)) for problem in exc.problems]
        return OrgPlan(config, error=[*lines, f"error: {exc}; nothing was changed"])
    except LlmconfError as exc:
        return OrgPlan(config, error=[f"error: {scrub(str(exc))}"])
    return OrgPlan(config, plan=plan)


def plan_many(configs: list[Path], options: Options) -> list[OrgPlan]:
    """Return every config file's outcome, in the order given, planned concurrently.

    Each org is read by its own client, so one org's failure or slowness never
    hides another's plan.
    """
    workers = max(1, min(MAX_WORKERS, len(configs)))
    log.info("planning %d orgs with %d workers", len(configs), workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda config: plan_one(config, options), configs))
