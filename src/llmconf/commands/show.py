"""``llmconf show``: render a saved plan file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from llmconf import output
from llmconf.commands.common import settings
from llmconf.errors import EXIT_OK
from llmconf.render.text import render_plan
from llmconf.savedplan import plan_from_document, read_plan


@click.command("show")
@click.argument("plan_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def command(plan_file: Path, fmt: str) -> int:
    """Show a plan saved with plan --out (it may be stale; apply checks that)."""
    document = read_plan(plan_file)
    if fmt == "json":
        click.echo(json.dumps(document, indent=2, sort_keys=True))
        return EXIT_OK
    plan = plan_from_document(document)
    click.echo(render_plan(plan, output.styler(settings().colour)), nl=False)
    return EXIT_OK
