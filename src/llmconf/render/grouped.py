"""Several orgs' plans as terminal text: one group per config file, then a total."""

from __future__ import annotations

from collections.abc import Sequence

from llmconf.plan import Plan
from llmconf.render.text import Style, plain, render_plan
from llmconf.render.values import printable


def group_header(config: str, style: Style = plain) -> str:
    """Return the line that opens one config file's group."""
    return style(f"==> {printable(config)} <==", "cyan")


def render_group(config: str, plan: Plan, style: Style = plain) -> str:
    """Return one config file's group: its header line, then its plan."""
    return f"{group_header(config, style)}\n{render_plan(plan, style)}\n"


def total_line(plans: Sequence[Plan | None]) -> str:
    """Return the closing line: how many orgs have changes, none, or failed."""
    made = [plan for plan in plans if plan is not None]
    refused = sum(1 for plan in made if plan.blockers)
    changed = sum(1 for plan in made if not plan.is_empty)
    failed = len(plans) - len(made)
    noun = "org" if len(plans) == 1 else "orgs"
    text = (
        f"Total: {len(plans)} {noun}: {changed} with changes, "
        f"{len(made) - changed} without changes, {failed} failed"
    )
    if refused:
        text += f", {refused} refused by a safety rule"
    return text + "."
