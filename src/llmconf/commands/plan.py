"""``llmconf plan``: show what apply would change, without writing anything."""

from __future__ import annotations

import click

from llmconf import output
from llmconf.commands.common import config_option, settings, target_option
from llmconf.commands.common import with_mass_options
from llmconf.errors import EXIT_CHANGES, EXIT_OK, PlanRefused
from llmconf.render.text import render_plan
from llmconf.runner import load_desired, open_client, read_and_plan


@click.command("plan")
@config_option
@target_option
@with_mass_options
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 2 when the plan has changes, 0 when it has none.",
)
def command(
    config_path, targets, mass_change_share, allow_mass_change, detailed_exitcode
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

    click.echo(render_plan(plan, output.styler(state.colour)), nl=False)
    if plan.blockers:
        raise PlanRefused("the plan breaks a safety rule; apply would refuse it")
    if detailed_exitcode and not plan.is_empty:
        return EXIT_CHANGES
    return EXIT_OK
