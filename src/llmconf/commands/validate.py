"""``llmconf validate``: every offline check of the config file, no Port access."""

from __future__ import annotations

import click

from llmconf.commands.common import config_option, settings
from llmconf.errors import EXIT_OK
from llmconf.runner import load_desired


@click.command("validate")
@config_option
def command(config_path) -> int:
    """Check the config file offline: syntax, schema and cross-field rules."""
    desired = load_desired(config_path, settings().options, offline=True)
    count = len(desired.providers)
    click.echo(f"{config_path}: valid ({count} provider{'s' if count != 1 else ''}).")
    return EXIT_OK
