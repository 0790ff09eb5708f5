"""``llmconf plan``: show what apply would change, without writing anything."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path

import click

from llmconf import output
from llmconf.commands.common import (
    configs_option,
    planning_settings,
    settings,
    target_option,
    with_mass_options,
)
from llmconf.errors import (
    EXIT_CHANGES,
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_OK,
    PlanRefused,
    UsageError,
)
from llmconf.orgs import OrgPlan, check_sandbox_rule, expand_configs, plan_many
from llmconf.plan import Plan
from llmconf.render.grouped import group_header, render_group, total_line
from llmconf.render.json import render_json
from llmconf.render.markdown import render_markdown_orgs
from llmconf.render.text import render_plan
from llmconf.runner import load_desired, plan_config
from llmconf.savedplan import check_writable, save_plan

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


@click.command("plan")
@configs_option
@target_option
@with_mass_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format: terminal text, the JSON document, or a PR comment body.",
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
    config_paths,
    targets,
    mass_change_share,
    allow_mass_change,
    fmt,
    out_path,
    detailed_exitcode,
) -> int:
    """Show the changes apply would make to Port."""
    state = planning_settings(targets, mass_change_share, allow_mass_change)
    options = state.options
    configs = expand_configs(config_paths)
    check_sandbox_rule(configs, options)
    # The comment's marker names the -c arguments, so a directory keeps its comment
    # when it gains or loses a file.
    key = [str(path) for path in config_paths]
    if len(configs) > 1:
        return _plan_several(configs, key, fmt, out_path, detailed_exitcode)

    desired = load_desired(configs[0], options)
    if out_path is not None:
        check_writable(out_path)
    plan = plan_config(desired, options)

    markdown = partial(render_markdown_orgs, [(plan.config_path, plan)], key=key)
    _print_one(plan, fmt, state.colour, markdown)
    _append_step_summary(options.environ, markdown)
    if out_path is not None:
        save_plan(plan, out_path)
        output.note(f"Saved the plan to {out_path}; {_apply_hint(out_path)}")
    if plan.blockers:
        raise PlanRefused("the plan breaks a safety rule; apply would refuse it")
    if detailed_exitcode and not plan.is_empty:
        return EXIT_CHANGES
    return EXIT_OK


def _print_one(plan: Plan, fmt: str, colour: bool, markdown) -> None:
    if fmt == "json":
        click.echo(render_json(plan), nl=False)
    elif fmt == "markdown":
        click.echo(markdown(), nl=False)
    else:
        click.echo(render_plan(plan, output.styler(colour)), nl=False)


def _plan_several(
    configs: list[Path],
    key: list[str],
    fmt: str,
    out_path: Path | None,
    detailed: bool,
) -> int:
    if fmt == "json" or out_path is not None:
        raise UsageError(
            "--format json and --out take one config file; "
            "run plan once per file to save or print JSON plans"
        )

    state = settings()
    outcomes = plan_many(configs, state.options)
    entries = [(str(o.config), o.plan if o.plan else _error_text(o)) for o in outcomes]
    if fmt == "markdown":
        click.echo(render_markdown_orgs(entries, key=key), nl=False)
    else:
        _print_groups(outcomes, output.styler(state.colour))
    _append_step_summary(
        state.options.environ, lambda: render_markdown_orgs(entries, key=key)
    )

    if any(outcome.internal for outcome in outcomes):
        return EXIT_INTERNAL
    if any(outcome.failed for outcome in outcomes):
        return EXIT_ERROR
    changed = any(not outcome.plan.is_empty for outcome in outcomes if outcome.plan)
    return EXIT_CHANGES if detailed and changed else EXIT_OK


def _print_groups(outcomes: list[OrgPlan], style) -> None:
    for outcome in outcomes:
        if outcome.plan is not None:
            click.echo(render_group(str(outcome.config), outcome.plan, style))
            continue
        # The error belongs to this group: its header goes to stdout, the error
        # itself to stderr, so piped output still carries results only.
        click.echo(group_header(str(outcome.config), style))
        for line in outcome.error or ():
            click.echo(line, err=True)
        click.echo("Not planned: the error is on stderr.\n")
    click.echo(total_line([outcome.plan for outcome in outcomes]))


def _error_text(outcome: OrgPlan) -> str:
    return " ".join(outcome.error or ["error"])


def _append_step_summary(environ: Mapping[str, str], render) -> None:
    """Append the Markdown plan to GitHub's job summary file when the job has one."""
    target = environ.get(STEP_SUMMARY)
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(render() + "\n")
    except OSError as exc:
        output.note(f"warning: could not append the plan to {STEP_SUMMARY}: {exc}")


def _apply_hint(out_path: Path) -> str:
    options = settings().options
    if options.sandbox is not None:
        return f"apply it with: llmconf --sandbox {options.sandbox} apply {out_path}"
    if options.api_url is not None:
        return f"apply it with: llmconf --api-url {options.api_url} apply {out_path}"
    return f"apply it with: llmconf apply {out_path}"
