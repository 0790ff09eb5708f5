"""``llmconf plan``: show what apply would change, without writing anything."""

from __future__ import annotations

from pathlib import Path

import click

from llmconf import output
from llmconf.commands.common import (
    config_option,
    settings,
    target_option,
    with_mass_options,
)
from llmconf.errors import EXIT_CHANGES, EXIT_OK, PlanRefused
from llmconf.render.json import render_json
from llmconf.render.text import render_plan
from llmconf.runner import load_desired, open_client, read_and_plan
from llmconf.savedplan import save_plan


@click.command("plan")
@config_option
@target_option
@with_mass_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also save the plan here, for apply PLAN.",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 2 when the plan has changes, 0 when it has none.",
)
def command(
    config_path,
    targets,
    mass_change_share,
    allow_mass_change,
    fmt,
    out_path,
    detailed_exitcode,
) -> int:
    """Show the changes apply would make to Port."""
    state = settings()
    options = state.options
    options.targets = targets
    options.mass_change_share = mass_change_share
    options.allow_mass_change = allow_mass_change

    desired = load_desired(config_path, options)
    with open_client(desired, options) as client:
        _live, plan = read_and_plan(desired, client, options)

    if fmt == "json":
        click.echo(render_json(plan), nl=False)
    else:
        click.echo(render_plan(plan, output.styler(state.colour)), nl=False)
    if out_path is not None:
        save_plan(plan, out_path)
        output.note(
            f"Saved the plan to {out_path}; apply it with: llmconf apply {out_path}"
        )
    if plan.blockers:
        raise PlanRefused("the plan breaks a safety rule; apply would refuse it")
    if detailed_exitcode and not plan.is_empty:
        return EXIT_CHANGES
    return EXIT_OK
