"""The plan as terminal text, in the habit of Terraform's plan output."""

from __future__ import annotations

from collections.abc import Callable

from llmconf.plan import ABSENT, Action, Change, Plan
from llmconf.render.values import printable, show

Style = Callable[[str, str], str]

MARKERS = {"create": "+", "update": "~", "delete": "-", "set_defaults": "~"}
COLOURS = {"+": "green", "~": "yellow", "-": "red"}


def plain(text: str, _colour: str) -> str:
    """A style that adds no colour."""
    return text


def render_plan(plan: Plan, style: Style = plain) -> str:
    """Return the whole plan as text, ending with its summary line."""
    lines = [header(plan), ""]
    for action in plan.actions:
        lines += _action_lines(action, style)
        lines.append("")
    if plan.unmanaged:
        lines.append("Unmanaged providers (on Port, not in the file; left untouched):")
        lines += [f"  {printable(kind)}" for kind in plan.unmanaged]
        lines.append("")
    for warning in plan.warnings:
        lines.append(style(f"Warning: {printable(warning)}", "yellow"))
    for blocker in plan.blockers:
        lines.append(style(f"Refused: {printable(blocker)}", "red"))
    if plan.warnings or plan.blockers:
        lines.append("")
    lines.append(summary_line(plan))
    return "\n".join(lines) + "\n"


def header(plan: Plan) -> str:
    """Return the first line: which file against which org."""
    where = plan.api_url or "Port"
    text = f"llmconf plan: {plan.config_path} against {where}"
    if plan.sandbox:
        text += " (SANDBOX, not a real Port org)"
    return printable(text)


def summary_line(plan: Plan) -> str:
    """Return ``No changes...`` or the ``Plan: ...`` counts line."""
    if plan.is_empty:
        return "No changes. Port matches the file."
    counts = plan.summary()
    defaults = "defaults change" if counts["defaults"] else "defaults unchanged"
    return (
        f"Plan: {counts['create']} to create, {counts['update']} to update, "
        f"{counts['delete']} to delete, {defaults}."
    )


def _action_lines(action: Action, style: Style) -> list[str]:
    marker = MARKERS[action.kind]
    colour = COLOURS[marker]
    title = f"{marker} {action.title}"
    if action.reason:
        title += f"  ({action.reason})"
    lines = [style(printable(title), colour)]
    if action.kind == "create":
        return lines + [printable(line) for line in _create_lines(action.changes)]
    return lines + [printable(f"    {_change_text(c)}") for c in action.changes]


def _create_lines(changes: tuple[Change, ...]) -> list[str]:
    lines, on, off = [], [], []
    for change in changes:
        if change.path.startswith("models."):
            (on if change.new else off).append(change.path.split(".", 1)[1])
        else:
            value = show(change.new, sensitive=change.sensitive)
            lines.append(f"    {change.path}: {value}")
    if on:
        lines.append(f"    models on: {', '.join(on)}")
    if off:
        lines.append(f"    models off: {', '.join(off)}")
    return lines


def _change_text(change: Change) -> str:
    old = show(change.old, sensitive=change.sensitive)
    new = show(change.new, sensitive=change.sensitive)
    if change.old is ABSENT:
        return f"+ {change.path}: {new}"
    if change.new is ABSENT:
        return f"- {change.path}: {old}"
    return f"~ {change.path}: {old} -> {new}"
