"""The plan as a pull-request comment body: summary first, one block per action."""

from __future__ import annotations

import html
from collections.abc import Sequence

from llmconf.plan import Action, Change, Plan
from llmconf.redact import scrub
from llmconf.render.text import MARKERS, header, summary_line
from llmconf.render.values import show

# A CI step finds its earlier comment by this line and edits it instead of adding one.
MARKER = "<!-- llmconf-plan -->"
# GitHub refuses comments over 65,536 characters; the cap leaves room for edits.
MAX_CHARS = 60_000

# One org's outcome: its config path, and its plan or the error that stopped it.
Entry = tuple[str, "Plan | str"]


def identity_marker(config_paths: Sequence[str]) -> str:
    """Return the second marker line, telling apart comments of other config sets."""
    names = ",".join(config_paths).replace("--", "-").replace(">", "")
    return f"<!-- llmconf-plan: {names} -->"


def render_markdown(plan: Plan, limit: int = MAX_CHARS) -> str:
    """Return the comment body of one plan, at most ``limit`` characters long."""
    return render_markdown_orgs([(plan.config_path, plan)], limit)


def render_markdown_orgs(
    entries: Sequence[Entry],
    limit: int = MAX_CHARS,
    key: Sequence[str] | None = None,
) -> str:
    """Return the comment body of several orgs' plans, at most ``limit`` characters.

    ``key`` (default: the config paths) names the comment in its second marker;
    passing the ``-c`` arguments keeps it stable when a directory gains a file.
    Blocks are dropped whole from the end when the body would be too long, so a
    table or ``<details>`` element is never cut; a note says what was left out.
    """
    names = key if key is not None else [path for path, _ in entries]
    head = [MARKER, identity_marker(names)]
    head += _title_lines(entries)
    blocks: list[str] = []
    for path, outcome in entries:
        if len(entries) > 1:
            blocks.append(f"### {_code(path)}\n")
        if isinstance(outcome, str):
            blocks.append(f"**Failed:** {_cell(outcome)}\n")
        else:
            blocks += _plan_blocks(outcome, single=len(entries) == 1)
    return _fit("\n".join(head) + "\n", blocks, limit)


def _title_lines(entries: Sequence[Entry]) -> list[str]:
    if len(entries) == 1 and not isinstance(entries[0][1], str):
        plan = entries[0][1]
        return [
            f"## llmconf plan: {_code(plan.config_path)}",
            "",
            f"**{summary_line(plan)}**",
        ]
    plans = [outcome for _, outcome in entries if not isinstance(outcome, str)]
    changed = sum(1 for plan in plans if not plan.is_empty)
    failed = len(entries) - len(plans)
    return [
        f"## llmconf plan: {len(entries)} orgs",
        "",
        f"**{changed} with changes, {len(plans) - changed} without changes, "
        f"{failed} failed.**",
    ]


def _plan_blocks(plan: Plan, single: bool) -> list[str]:
    lines = [] if single else [f"**{summary_line(plan)}**", ""]
    lines.append(f"<sub>{_cell(header(plan))}</sub>")
    blocks = ["\n".join(lines) + "\n"]
    notes = [f"> **Warning:** {_cell(text)}" for text in plan.warnings]
    notes += [f"> **Refused:** {_cell(text)}" for text in plan.blockers]
    if notes:
        blocks.append("\n>\n".join(notes) + "\n")
    blocks += [_action_block(action) for action in plan.actions]
    if plan.unmanaged:
        kinds = ", ".join(f"`{kind}`" for kind in plan.unmanaged)
        blocks.append(f"Unmanaged (on Port, not in the file; left alone): {kinds}\n")
    return blocks


def _action_block(action: Action) -> str:
    title = f"{MARKERS[action.kind]} {action.title}"
    if action.reason:
        title += f" ({action.reason})"
    lines = [f"<details><summary><code>{_escape(title)}</code></summary>", ""]
    if action.changes:
        lines += ["| field | live | desired |", "|---|---|---|"]
        lines += [_row(change) for change in action.changes]
    else:
        lines.append("No field changes.")
    lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _row(change: Change) -> str:
    old = show(change.old, sensitive=change.sensitive)
    new = show(change.new, sensitive=change.sensitive)
    return f"| {_code(change.path)} | {_code(old)} | {_code(new)} |"


def _fit(head: str, blocks: list[str], limit: int) -> str:
    body = scrub(head)
    if len(body) + len(_note(len(blocks))) > limit:
        # Only absurdly long paths or warnings get here; cut at a line end.
        body = body[: limit - len(_note(len(blocks))) - 1].rsplit("\n", 1)[0] + "\n"
        return body + "\n" + _note(len(blocks))
    for index, block in enumerate(blocks):
        block = scrub(block)
        rest = len(blocks) - index
        if len(body) + 1 + len(block) + len(_note(rest)) > limit:
            return body + "\n" + _note(rest)
        body += "\n" + block
    return body


def _note(dropped: int) -> str:
    return (
        f"_Truncated: {dropped} more block{'s' if dropped != 1 else ''} left out to "
        "stay under GitHub's comment limit. Run `llmconf plan` for the full plan._\n"
    )


def _code(text: str) -> str:
    return f"<code>{_escape(text)}</code>"


def _escape(text: str) -> str:
    # A pipe would end a table cell even inside <code>.
    return html.escape(text, quote=False).replace("|", "&#124;")


def _cell(text: str) -> str:
    return _escape(" ".join(text.split()))
