"""``llmconf apply``: validate, show the plan, confirm, then write it to Port."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from llmconf import output
from llmconf.applier import apply_plan, preflight
from llmconf.commands.common import (
    config_option,
    planning_settings,
    target_option,
    with_mass_options,
)
from llmconf.errors import EXIT_OK, UsageError
from llmconf.render.report import render_report
from llmconf.render.text import render_plan
from llmconf.runner import load_desired, open_client, read_and_plan, target_url
from llmconf.savedplan import check_fresh, check_target, read_plan


@click.command("apply")
@click.argument(
    "plan_file", required=False, type=click.Path(path_type=Path, dir_okay=False)
)
@config_option
@target_option
@with_mass_options
@click.option("--auto-approve", is_flag=True, help="Apply without asking.")
@click.option(
    "--check-bedrock",
    is_flag=True,
    help="Also run the AWS Bedrock self-test before writing.",
)
def command(
    plan_file,
    config_path,
    targets,
    mass_change_share,
    allow_mass_change,
    auto_approve,
    check_bedrock,
) -> int:
    """Make Port match the config file, after every check passes."""
    state = planning_settings(targets, mass_change_share, allow_mass_change)
    options = state.options
    saved = read_plan(plan_file) if plan_file else None
    if saved is not None:
        # A saved plan was reviewed already: applying it is the approval, and it
        # is rebuilt with the choices it was made with.
        auto_approve = True
        if _defaulted("config_path"):
            config_path = Path(saved["config"])
        if not targets:
            options.targets = tuple(saved["targets"])
        options.allow_mass_change = not saved["blockers"]
    if not auto_approve and not sys.stdin.isatty():
        raise UsageError(
            "apply needs confirmation and there is no terminal; "
            "pass --auto-approve to apply unattended"
        )

    desired = load_desired(config_path, options)
    if saved is not None:
        # Refuse before any request: credentials must not go to an API the plan
        # was not made for.
        check_target(saved, target_url(desired, options), plan_file)
    with open_client(desired, options) as client:
        _live, plan = read_and_plan(desired, client, options)
        if saved is not None:
            check_fresh(saved, plan, plan_file)
        click.echo(render_plan(plan, output.styler(state.colour)), nl=False)
        if plan.is_empty and not plan.blockers:
            return EXIT_OK
        preflight(plan, desired, client)
        if check_bedrock:
            _check_bedrock(desired)
        if not auto_approve:
            _confirm()
        report = apply_plan(plan, client, progress=output.note)

    click.echo(render_report(report), nl=False)
    return EXIT_OK


def _defaulted(name: str) -> bool:
    source = click.get_current_context().get_parameter_source(name)
    return source is click.core.ParameterSource.DEFAULT


def _confirm() -> None:
    answer = click.prompt(
        "Apply these changes? Only 'yes' is accepted", default="", show_default=False
    )
    if answer.strip() != "yes":
        raise UsageError("apply cancelled; nothing was changed")


def _check_bedrock(desired) -> None:
    from llmconf.bedrock.preflight import check_before_apply

    check_before_apply(desired)
