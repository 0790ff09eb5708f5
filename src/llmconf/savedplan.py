"""Saved plan files: written by ``plan --out``, checked for staleness by apply."""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from llmconf import packaged
from llmconf.errors import StalePlan, UsageError
from llmconf.plan import ABSENT, Action, Change, Plan
from llmconf.render.json import render_json


def check_writable(path: Path) -> None:
    """Raise UsageError unless a plan can be saved at ``path``; writes nothing.

    Checked before Port is read, so a mistyped ``--out`` costs no requests.
    """
    directory = _directory_of(path)
    if not directory.is_dir():
        reason = "not a directory" if directory.exists() else "no such directory"
        raise _cannot_write(path, f"{reason}: {directory}")
    if path.is_dir():
        raise _cannot_write(path, "it is a directory")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise _cannot_write(path, f"{directory} is not writable")


def save_plan(plan: Plan, path: Path) -> None:
    """Write the plan document to ``path`` atomically, readable by the owner only.

    Raises UsageError when the file cannot be written.
    """
    text = render_json(plan)
    try:
        fd, temp = tempfile.mkstemp(dir=_directory_of(path), prefix=".llmconf-plan-")
    except OSError as exc:
        raise _cannot_write(path, exc.strerror or type(exc).__name__) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _cannot_write(path, exc.strerror or type(exc).__name__) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _directory_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _cannot_write(path: Path, reason: str) -> UsageError:
    return UsageError(f"cannot write the plan to {path}: {reason}")


def read_plan(path: Path) -> dict[str, Any]:
    """Return a saved plan document; raise UsageError when it is not one."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such plan file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(
            f"{path}: not a plan file made by llmconf plan --out ({exc})"
        ) from None

    errors = sorted(_validator().iter_errors(document), key=lambda e: e.path)
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(document)"
        raise UsageError(
            f"{path}: not a valid llmconf plan file ({where}: "
            f"{_short(errors[0].message)}); "
            "make a new one with llmconf plan --out"
        )
    return document


def check_fresh(saved: dict[str, Any], plan: Plan, plan_file: Path) -> None:
    """Raise StalePlan unless ``plan`` (made now) is the one that was saved."""
    # Through JSON, as it was saved, so the comparison below sees the same values.
    fresh = json.loads(render_json(plan))
    _check_target(saved["target"], fresh["target"], plan_file)
    if saved["fingerprints"]["desired"] != fresh["fingerprints"]["desired"]:
        raise StalePlan(
            f"{plan_file} is stale: {plan.config_path} changed since the plan was "
            "made; run plan again and review it"
        )
    if saved["fingerprints"]["live"] != fresh["fingerprints"]["live"]:
        raise StalePlan(
            f"{plan_file} is stale: live state on Port changed since the plan was "
            "made; run plan again and review it"
        )
    if saved["fingerprints"]["plan"] != fresh["fingerprints"]["plan"]:
        raise StalePlan(
            f"{plan_file} is stale: the actions differ, or a provider they write was "
            "rewritten on Port since the plan was made; run plan again"
        )
    # The fingerprints above were read from the file itself, so an edited file
    # could carry them unchanged: what was reviewed must equal what would run.
    edited = [key for key in _REVIEWED_KEYS if saved.get(key) != fresh.get(key)]
    if edited:
        raise StalePlan(
            f"{plan_file} does not match the plan it would apply ({', '.join(edited)} "
            "differ): it was edited after plan --out; run plan again"
        )


_REVIEWED_KEYS = (
    "config",
    "target",
    "summary",
    "actions",
    "unmanaged",
    "warnings",
    "blockers",
    "targets",
)


def check_target(saved: dict[str, Any], api_url: str, plan_file: Path) -> None:
    """Raise StalePlan when the plan was made for another API than ``api_url``."""
    _check_target(saved["target"], {"api_url": api_url}, plan_file)


def _check_target(
    saved: dict[str, Any], fresh: dict[str, Any], plan_file: Path
) -> None:
    """Raise StalePlan when the plan was made for another API or another org."""
    if saved["api_url"] != fresh["api_url"]:
        raise StalePlan(
            f"{plan_file} was made for {saved['api_url']}, not for "
            f"{fresh['api_url']}; refusing to apply it to another org"
        )
    # Either side may not know its org (a token that is not a JWT); then the URL
    # check above is all there is.
    before, now = saved.get("org"), fresh.get("org")
    if before and now and before != now:
        raise StalePlan(
            f"{plan_file} was made for org {before}, but the credentials are for "
            f"org {now}; refusing to apply it to another org"
        )


def _short(message: str, limit: int = 120) -> str:
    # jsonschema quotes the offending value, which may be the whole document.
    return message if len(message) <= limit else message[: limit - 3] + "..."


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(packaged.load(packaged.PLAN))


def plan_from_document(document: dict[str, Any]) -> Plan:
    """Return a displayable Plan rebuilt from a saved document (values stay masked)."""
    actions = [
        Action(
            a["kind"],
            a["provider"],
            tuple(
                Change(c["path"], c.get("old", ABSENT), c.get("new", ABSENT))
                for c in a["changes"]
            ),
            reason=a["reason"],
        )
        for a in document["actions"]
    ]
    return Plan(
        actions=actions,
        unmanaged=list(document["unmanaged"]),
        warnings=list(document["warnings"]),
        blockers=list(document["blockers"]),
        config_path=document["config"],
        api_url=document["target"]["api_url"],
        sandbox=document["target"]["sandbox"],
        org=document["target"].get("org"),
        targets=tuple(document["targets"]),
    )
