"""``llmconf show``: render a saved plan file."""

from __future__ import annotations

from pathlib import Path

import click

from llmconf.errors import EXIT_OK, UsageError


@click.command("show")
@click.argument("plan_file", type=click.Path(path_type=Path, dir_okay=False))
def command(plan_file: Path) -> int:
    """Show a plan saved with ``plan --out``."""
    raise UsageError(f"{plan_file}: saved plans are not supported by this build yet")
    return EXIT_OK
