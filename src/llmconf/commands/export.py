"""``llmconf export``: write the live org as a config file, to adopt an existing org."""

from __future__ import annotations

import os
from pathlib import Path

import click

from llmconf import output, packaged
from llmconf.commands.common import settings
from llmconf.config import check_desired, load_bytes
from llmconf.errors import EXIT_ERROR, EXIT_OK, ConfigError, UsageError
from llmconf.exporter import export_live
from llmconf.redact import scrub
from llmconf.runner import open_client
from llmconf.state import DesiredState


@click.command("export")
@click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the file here instead of stdout.",
)
@click.option(
    "--schema-ref",
    help="The $schema of the editor modeline (default: the packaged schema file).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def command(out_path: Path | None, schema_ref: str | None, force: bool) -> int:
    """Write the live org's providers and defaults as a config file."""
    options = settings().options
    if out_path is not None and out_path.exists() and not force:
        raise UsageError(f"{out_path} exists; pass --force to overwrite it")

    # The output's name picks the org under --sandbox DIR, as plan does for -c.
    source = out_path or Path("llmconf.yaml")
    with open_client(DesiredState(source=source, providers={}), options) as client:
        live = client.read_live()
    exported = export_live(live, schema_ref or _schema_ref(out_path))

    if out_path is None:
        click.echo(exported.text, nl=False)
    else:
        out_path.write_text(exported.text, encoding="utf-8")
        output.note(f"Wrote {out_path}; check it with: llmconf plan -c {out_path}")
    for warning in exported.warnings:
        output.note(f"warning: {warning}")
    return _check(exported.text, source, options)


def _check(text: str, source: Path, options) -> int:
    """Return 1, after listing them, when the exported file has problems."""
    try:
        desired = load_bytes(text.encode(), source, environ=options.environ)
        problems = check_desired(desired, None)
    except ConfigError as exc:
        problems = exc.problems
    if not problems:
        return EXIT_OK
    for problem in problems:
        click.echo(scrub(str(problem)), err=True)
    output.error("the exported file has problems; fix them before using it")
    return EXIT_ERROR


def _schema_ref(out_path: Path | None) -> str:
    path = Path(str(packaged.schema_file(packaged.CONFIG))).resolve()
    if out_path is None:
        return str(path)
    try:
        return os.path.relpath(path, out_path.resolve().parent)
    except ValueError:
        return str(path)
