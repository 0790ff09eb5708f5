"""Options and helpers shared by the commands."""

from __future__ import annotations

import math
from pathlib import Path

import click


class FiniteFloat(click.FloatRange):
    """A float range that also refuses ``nan`` and ``inf``, which slip past ranges."""

    name = "finite float"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _one_config(
    ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]
) -> Path:
    # Repeating a plain option would silently keep the last one: with apply that
    # means applying one org's file and skipping the others.
    if len(value) > 1:
        raise click.BadParameter(
            "this command takes one config file; run it once per file", ctx, param
        )
    return value[0] if value else Path("llmconf.yaml")


config_option = click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    callback=_one_config,
    help="The config file (default: llmconf.yaml).",
)

target_option = click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="TYPE",
    help="Limit to this provider type (repeatable); the plan is then partial.",
)

mass_options = (
    click.option(
        "--mass-change-share",
        type=FiniteFloat(0.0, 1.0),
        default=0.5,
        show_default=True,
        help="Largest share of live providers one plan may delete or disable.",
    ),
    click.option(
        "--allow-mass-change",
        is_flag=True,
        help="Allow a plan above --mass-change-share.",
    ),
)


def with_mass_options(func):
    """Add the mass-change safety options to a command."""
    for option in reversed(mass_options):
        func = option(func)
    return func


def settings():
    """Return the Settings object the group callback stored."""
    return click.get_current_context().find_root().obj


configs_option = click.option(
    "-c",
    "--config",
    "config_paths",
    type=click.Path(path_type=Path),
    multiple=True,
    default=(Path("llmconf.yaml"),),
    show_default=True,
    help="A config file, or a directory of *.yaml files (one org each); repeatable.",
)


def planning_settings(
    targets: tuple[str, ...], mass_change_share: float, allow_mass_change: bool
):
    """Return the Settings with the plan-shaping options of plan and apply set."""
    state = settings()
    state.options.targets = targets
    state.options.mass_change_share = mass_change_share
    state.options.allow_mass_change = allow_mass_change
    return state
