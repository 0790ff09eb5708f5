"""The ``llmconf bedrock`` commands: IAM policies for Port, and the self-test."""

from __future__ import annotations

from pathlib import Path

import click

from llmconf.bedrock.check import make_session, run_check
from llmconf.bedrock.policy import build_policies, policy_notes
from llmconf.bedrock.render import FORMATS, PARTS, render_json, render_terraform
from llmconf.bedrock.report import render_check
from llmconf.bedrock.setup import EXTERNAL_ID_ENV, find_bedrock, read_setup
from llmconf.commands.common import config_option
from llmconf.state import DesiredProvider

external_id_option = click.option(
    "--external-id",
    envvar=EXTERNAL_ID_ENV,
    show_envvar=True,
    help="The value of the Port secret named by externalIdSecretName.",
)


@click.group("bedrock")
def bedrock() -> None:
    """AWS Bedrock helpers: IAM policies for Port's gateway and a self-test."""


@bedrock.command("policy")
@config_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json")
@click.option(
    "--part",
    type=click.Choice(PARTS),
    help="Print one raw policy instead of both.",
)
@external_id_option
def policy(
    config_path: Path, fmt: str, part: str | None, external_id: str | None
) -> None:
    """Print the permission and trust policies for the file's bedrock provider."""
    setup = read_setup(load_bedrock(config_path))
    external_id = external_id or None

    for note in policy_notes(setup, external_id, part):
        click.echo(f"warning: {note}", err=True)
    policies = build_policies(setup, external_id)
    render = render_json if fmt == "json" else render_terraform
    click.echo(render(policies, part), nl=False)


@bedrock.command("check")
@config_option
@external_id_option
@click.option("--profile", help="The AWS profile to run as (else the default chain).")
@click.pass_context
def check(
    ctx: click.Context,
    config_path: Path,
    external_id: str | None,
    profile: str | None,
) -> None:
    """Assume the role and invoke every enabled model, as Port's connection test does.

    Exits 0 when every enabled model answered, else 1.
    """
    provider = load_bedrock(config_path)
    session = make_session(profile)

    report = run_check(provider, external_id=external_id, session=session)
    click.echo(render_check(report), nl=False)
    ctx.exit(0 if report.ok else 1)


def load_bedrock(path: Path) -> DesiredProvider:
    """Return the bedrock provider of the config file at ``path``."""
    from llmconf.options import Options
    from llmconf.runner import load_desired

    # The same offline checks as validate, so no policy is written for a region or
    # role the file could never register.
    return find_bedrock(load_desired(path, Options(), offline=True))
