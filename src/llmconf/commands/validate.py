"""``llmconf validate``: every offline check of the config files, no Port access."""

from __future__ import annotations

from pathlib import Path

import click

from llmconf.commands.common import configs_option, settings
from llmconf.errors import EXIT_ERROR, EXIT_OK, ConfigError
from llmconf.orgs import expand_configs
from llmconf.redact import scrub
from llmconf.runner import load_desired


@click.command("validate")
@configs_option
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def command(config_paths, files) -> int:
    """Check config files offline: syntax, schema and cross-field rules.

    FILES (as a pre-commit hook passes them) are checked in place of -c.
    """
    configs = expand_configs(files or config_paths)
    if len(configs) == 1:
        _validate(configs[0])
        return EXIT_OK

    failed = 0
    for config in configs:
        try:
            _validate(config)
        except ConfigError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(scrub(str(problem)), err=True)
            click.echo(f"error: {config}: {exc}", err=True)
    return EXIT_ERROR if failed else EXIT_OK


def _validate(config: Path) -> None:
    desired = load_desired(config, settings().options, offline=True)
    count = len(desired.providers)
    click.echo(f"{config}: valid ({count} provider{'s' if count != 1 else ''}).")
