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
from llmconf.runner import Options, load_desired, plan_config

log = logging.getLogger(__name__)

MAX_WORKERS = 8
# What a directory's config files are called; the pre-commit hook matches the same.
CONFIG_SUFFIXES = (".yaml", ".yml")


@dataclass
class OrgPlan:
    """One config file's outcome: its plan, or the error lines that stopped it."""

    config: Path
    plan: Plan | None = None
    error: list[str] | None = None
    internal: bool = False

    @property
    def failed(self) -> bool:
        """Return True when no plan was made, or the plan breaks a safety rule."""
        return self.plan is None or bool(self.plan.blockers)


def expand_configs(paths: Iterable[Path]) -> list[Path]:
    """Return the config files named by ``paths``: files as given, directories' YAML.

    A directory contributes every ``*.yaml`` and ``*.yml`` entry directly in it, in
    name order. Raises UsageError for a directory without any, and for an entry with
    such a name that is not a file (a dangling link, a directory), so nothing is
    skipped silently.
    """
    found: list[Path] = []
    for path in paths:
        found += _directory_configs(path) if path.is_dir() else [path]
    return list(dict.fromkeys(found))


def _directory_configs(directory: Path) -> list[Path]:
    inside = sorted(p for p in directory.iterdir() if p.suffix in CONFIG_SUFFIXES)
    if not inside:
        raise UsageError(f"{directory} is a directory without any *.yaml or *.yml file")
    for entry in inside:
        if not entry.is_file():
            what = "a dangling link" if entry.is_symlink() else "not a file"
            raise UsageError(
                f"{entry} is {what}; every *.yaml and *.yml entry in {directory} "
                "must be a config file"
            )
    return inside


def check_sandbox_rule(configs: list[Path], options: Options) -> None:
    """Refuse several config files against one sandbox state file.

    Raises UsageError: with several files ``--sandbox`` must name a directory, in
    which each config file gets the state file named after it, so two files with
    the same name (``a/dev.yaml``, ``b/dev.yaml``) would share one org.
    """
    sandbox = options.sandbox
    if len(configs) < 2 or sandbox is None:
        return
    if not sandbox.is_dir():
        raise UsageError(
            f"several config files need --sandbox to be an existing directory "
            f"(one state file per config file, e.g. {sandbox}/dev.json for dev.yaml); "
            f"{sandbox} is not one"
        )

    seen: dict[str, Path] = {}
    for config in configs:
        first = seen.setdefault(config.stem, config)
        if first != config:
            raise UsageError(
                f"{first} and {config} would share the sandbox org "
                f"{sandbox / (config.stem + '.json')}; rename one of them"
            )


def plan_one(config: Path, options: Options) -> OrgPlan:
    """Return the plan of one config file, with any error captured as text lines."""
    try:
        plan = plan_config(load_desired(config, options), options)
    except ConfigError as exc:
        lines = [scrub(str(problem)) for problem in exc.problems]
        last = f"error: {config}: {exc}; nothing was changed"
        return OrgPlan(config, error=[*lines, last])
    except LlmconfError as exc:
        # Several orgs share stderr: the file tells which org this error is about.
        return OrgPlan(config, error=[f"error: {config}: {scrub(str(exc))}"])
    except Exception as exc:  # noqa: BLE001 - one org's bug must not hide the others
        log.debug("planning %s failed", config, exc_info=True)
        text = f"internal error: {type(exc).__name__}: {scrub(str(exc))}"
        return OrgPlan(config, error=[f"error: {config}: {text}"], internal=True)
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
