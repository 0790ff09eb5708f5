"""The Bedrock self-test as a step of apply's validation pass (--check-bedrock)."""

from __future__ import annotations

import os

import click

from llmconf.bedrock.check import make_session, run_check
from llmconf.bedrock.report import render_check
from llmconf.bedrock.setup import EXTERNAL_ID_ENV, find_bedrock
from llmconf.errors import PreflightFailed
from llmconf.state import DesiredState


def check_before_apply(desired: DesiredState) -> None:
    """Self-test the file's bedrock provider; raise PreflightFailed on failure.

    The report goes to stderr so stdout keeps only the plan and the apply report.
    """
    provider = find_bedrock(desired)
    external_id = os.environ.get(EXTERNAL_ID_ENV) or None
    report = run_check(provider, external_id=external_id, session=make_session(None))
    click.echo(render_check(report), nl=False, err=True)
    if not report.ok:
        raise PreflightFailed(
            "the Bedrock self-test failed, so nothing was written; "
            "fix the rows marked FAIL above or disable those models"
        )
