"""``llmconf schema``: print the config file's JSON Schema for editors and CI."""

from __future__ import annotations

import click

from llmconf import packaged
from llmconf.errors import EXIT_OK


@click.command("schema")
def command() -> int:
    """Print the JSON Schema of the config file."""
    schema = packaged.schema_file(packaged.CONFIG)
    click.echo(schema.read_text(encoding="utf-8"), nl=False)
    return EXIT_OK
