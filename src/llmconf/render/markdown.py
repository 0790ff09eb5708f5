"""The plan as a pull-request comment body: summary first, one block per action."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from llmconf.plan import Action, Change, Plan
from llmconf.redact import scrub
from llmconf.render.text import MARKERS, header, summary_line
from llmconf.render.values import printable, show

# A CI step finds its earlier comment by this line and edits it instead of adding one.
MARKER = "<!-- llmconf-plan -->"
# GitHub refuses comments over 65,536 characters; the cap leaves room for edits.
MAX_CHARS = 60_000

# Room kept for the closing note once something must be shortened or left out.
NOTE_ROOM = 1_000
TABLE_HEAD = "| field | live | desired |\n|---|---|---|"

# One org's outcome: its config path, and its plan or the error that stopped it.
Entry = tuple[str, "Plan | str"]


@dataclass(frozen=True)
class Block:
    """One part of the body, kept whole, shortened (tables only) or left out."""

    text: str
    label: str
    # An org's first block: when it is left out, the rest of that org goes too, so
    # no block shows up under another org's heading.
    lead: bool = False
    opening: str = ""
    rows: tuple[str, ...] = ()


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
    When the body would be too long, an action whose table alone is too long shows
    only its first rows, and other blocks that do not fit are left out; the
    closing note names both, and a table or ``<details>`` element is never cut.
    """
    names = key if key is not None else [path for path, _ in entries]
    head = [MARKER, identity_marker(names)]
    head += _title_lines(entries)
    blocks: list[Block] = []
    for path, outcome in entries:
        prefix = f"{path}: " if len(entries) > 1 else ""
        heading = f"### {_code(path)}\n\n" if len(entries) > 1 else ""
        if isinstance(outcome, str):
            text = f"{heading}**Failed:** {_cell(outcome)}\n"
            blocks.append(Block(text, f"{path}: failed", lead=True))
        else:
            blocks += _plan_blocks(outcome, heading, prefix)
    return _fit(scrub("\n".join(head) + "\n"), blocks, limit)


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


def _plan_blocks(plan: Plan, heading: str, prefix: str) -> list[Block]:
    lines = [f"**{summary_line(plan)}**", ""] if heading else []
    lines.append(f"<sub>{_cell(header(plan))}</sub>")
    text = heading + "\n".join(lines) + "\n"
    blocks = [Block(text, f"{prefix}summary", lead=True)]
    notes = [f"> **Warning:** {_cell(text)}" for text in plan.warnings]
    notes += [f"> **Refused:** {_cell(text)}" for text in plan.blockers]
    if notes:
        blocks.append(Block("\n>\n".join(notes) + "\n", f"{prefix}warnings"))
    blocks += [_action_block(action, prefix) for action in plan.actions]
    if plan.unmanaged:
        kinds = ", ".join(_code(kind) for kind in plan.unmanaged)
        text = f"Unmanaged (on Port, not in the file; left alone): {kinds}\n"
        blocks.append(Block(text, f"{prefix}unmanaged providers"))
    return blocks


def _action_block(action: Action, prefix: str) -> Block:
    title = f"{MARKERS[action.kind]} {action.title}"
    if action.reason:
        title += f" ({action.reason})"
    opening = f"<details><summary><code>{_escape(title)}</code></summary>"
    label = prefix + title
    if not action.changes:
        return Block(f"{opening}\n\nNo field changes.\n\n</details>\n", label)
    rows = tuple(scrub(_row(change)) for change in action.changes)
    opening = scrub(opening)
    text = _table_text(opening, rows)
    return Block(text, label, opening=opening, rows=rows)


def _row(change: Change) -> str:
    old = show(change.old, sensitive=change.sensitive)
    new = show(change.new, sensitive=change.sensitive)
    return f"| {_code(change.path)} | {_code(old)} | {_code(new)} |"


def _table_text(opening: str, rows: Sequence[str], note: str = "") -> str:
    lines = [opening, ""]
    if rows:
        lines += [TABLE_HEAD, *rows, ""]
    if note:
        lines += [note, ""]
    return "\n".join(lines) + "\n</details>\n"


def _fit(head: str, blocks: list[Block], limit: int) -> str:
    body = head + "".join("\n" + block.text for block in blocks)
    if len(body) <= limit:
        return body
    reserve = min(NOTE_ROOM, limit // 4)
    if len(head) + reserve > limit:
        # Only absurdly long paths or warnings get here; cut at a line end.
        body = head[: limit - reserve].rsplit("\n", 1)[0] + "\n"
        return body + "\n" + _note([], [block.label for block in blocks], reserve)

    budget = limit - reserve - len(head)
    chosen, budget = _whole_blocks(blocks, budget)
    # Oversized tables share what the whole blocks left, in order, so one huge
    # action never crowds out the small ones after it.
    shortened = []
    for index, block in enumerate(blocks):
        if chosen[index] is None and block.rows and _org_kept(blocks, chosen, index):
            text = _fitting(block, budget - 1)
            if text is not None:
                chosen[index], budget = text, budget - len(text) - 1
                shortened.append(block.label)
    body = head + "".join("\n" + text for text in chosen if text is not None)
    pairs = zip(blocks, chosen, strict=True)
    left_out = [block.label for block, text in pairs if text is None]
    return body + "\n" + _note(shortened, left_out, limit - len(body) - 1)


def _whole_blocks(blocks: list[Block], budget: int) -> tuple[list[str | None], int]:
    """Return each block's text where it fits whole (else None), and what is left."""
    chosen: list[str | None] = []
    for index, block in enumerate(blocks):
        cost = len(block.text) + 1
        if cost <= budget and _org_kept(blocks, chosen, index):
            chosen.append(block.text)
            budget -= cost
        else:
            chosen.append(None)
    return chosen, budget


def _org_kept(blocks: list[Block], chosen: list[str | None], index: int) -> bool:
    """Return False when the org of ``blocks[index]`` lost its opening block."""
    if blocks[index].lead:
        return True
    for earlier in range(index - 1, -1, -1):
        if blocks[earlier].lead:
            return chosen[earlier] is not None
    return True


def _fitting(block: Block, room: int) -> str | None:
    """Return the block, or its table's first rows, within ``room``; else None."""
    if len(block.text) <= room:
        return block.text
    if not block.rows:
        return None

    # Grow the table row by row, adding up lengths rather than building each try.
    total = len(block.rows)
    kept, size = 0, len(TABLE_HEAD) + 2
    fixed = len(_table_text(block.opening, (), _more(total)))
    while kept < total - 1 and fixed + size + len(block.rows[kept]) + 1 <= room:
        size += len(block.rows[kept]) + 1
        kept += 1
    text = _table_text(block.opening, block.rows[:kept], _more(total - kept))
    return text if len(text) <= room else None


def _more(rest: int) -> str:
    return (
        f"_... and {rest} more change{'s' if rest != 1 else ''}; see the full plan "
        "in the job log or `llmconf plan --format json`._"
    )


def _note(shortened: list[str], left_out: list[str], room: int) -> str:
    """Return the closing note naming what was cut, as many names as ``room`` takes."""
    closing = " Run `llmconf plan` for the full plan._\n"
    for named in range(len(shortened) + len(left_out), -1, -1):
        text = "_Truncated to stay under GitHub's comment limit."
        text += _listed("Shortened", shortened, named)
        text += _listed("Left out", left_out, max(0, named - len(shortened)))
        if len(text) + len(closing) <= room:
            break
    return text + closing


def _listed(verb: str, labels: list[str], count: int) -> str:
    if not labels:
        return ""
    names = [_code(label) for label in labels[:count]]
    rest = len(labels) - len(names)
    if rest and names:
        names.append(f"and {rest} more")
    elif rest:
        names.append(f"{rest} block{'s' if rest != 1 else ''}")
    return f" {verb}: {', '.join(names)}."


def _code(text: str) -> str:
    return f"<code>{_escape(text)}</code>"


def _escape(text: str) -> str:
    # Names come from Port: control characters are spelled out, HTML is inert, a
    # pipe would end a table cell even inside <code>, and GitHub still reads
    # links, emphasis, escapes and strike-through there, so those become entities.
    escaped = html.escape(printable(text), quote=False).translate(_MARKDOWN_ENTITIES)
    # Brackets stay readable (config.models[name]); only a link's "](" is broken.
    return escaped.replace("](", "&#93;(").replace("~~", "&#126;&#126;")


_MARKDOWN_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "|`\\*_"})


def _cell(text: str) -> str:
    return _escape(" ".join(text.split()))
