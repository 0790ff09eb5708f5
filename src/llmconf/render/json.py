"""The plan as a versioned JSON document, for ``--format json`` and ``--out``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llmconf import __version__
from llmconf.plan import ABSENT, Action, Change, Plan, fingerprint
from llmconf.redact import scrub
from llmconf.render.values import masked

FORMAT_VERSION = "1.0"


def plan_document(plan: Plan) -> dict[str, Any]:
    """Return the JSON-able document of a plan, sensitive values masked."""
    actions = [_action(action) for action in plan.actions]
    return {
        "format_version": FORMAT_VERSION,
        "llmconf_version": __version__,
        # Resolved, so a saved plan can be applied from any directory.
        "config": str(Path(plan.config_path).resolve()) if plan.config_path else "",
        "target": _target(plan),
        "fingerprints": {
            "live": plan.live_fingerprint,
            "desired": plan.desired_fingerprint,
            "plan": fingerprint([actions, _written_at(plan)]),
        },
        "summary": {**plan.summary(), "empty": plan.is_empty},
        "actions": actions,
        "unmanaged": list(plan.unmanaged),
        "warnings": list(plan.warnings),
        "blockers": list(plan.blockers),
        "targets": list(plan.targets),
    }


def render_json(plan: Plan) -> str:
    """Return the plan document as stable JSON text (sorted keys, two-space indent)."""
    text = json.dumps(plan_document(plan), indent=2, sort_keys=True, default=str)
    return scrub(text) + "\n"


def _written_at(plan: Plan) -> dict[str, str | None]:
    # The live fingerprint ignores write metadata, so a provider rewritten with the
    # same content would pass it; this makes such a rewrite stale a saved plan too.
    return {
        a.provider: a.expected_updated_at for a in plan.actions if a.kind != "create"
    }


def _target(plan: Plan) -> dict[str, Any]:
    target: dict[str, Any] = {"api_url": plan.api_url, "sandbox": plan.sandbox}
    # Only a token that names its org lets the plan say which org it is for.
    if plan.org:
        target["org"] = plan.org
    return target


def _action(action: Action) -> dict[str, Any]:
    return {
        "kind": action.kind,
        "provider": action.provider,
        "reason": action.reason,
        "changes": [_change(change) for change in action.changes],
    }


def _change(change: Change) -> dict[str, Any]:
    old, new = masked(change)
    entry: dict[str, Any] = {"path": change.path, "sensitive": change.sensitive}
    if old is ABSENT:
        entry["op"] = "add"
    elif new is ABSENT:
        entry["op"] = "remove"
    else:
        entry["op"] = "change"
    if old is not ABSENT:
        entry["old"] = old
    if new is not ABSENT:
        entry["new"] = new
    return entry
