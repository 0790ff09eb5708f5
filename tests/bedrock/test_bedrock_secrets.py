"""No credential, session token or external id value ever reaches check output."""

from __future__ import annotations

import logging

import pytest
from bedrock_helpers import (
    CALLER_KEY_ID,
    CALLER_SECRET,
    RecordingSession,
    answered,
    failed,
    guide_provider,
    key_provider,
)
from click.testing import CliRunner

import llmconf.cli_bedrock
from llmconf.bedrock import render_check, run_check
from llmconf.cli_bedrock import bedrock

EXTERNAL_ID = "ext-id-9c41d"
USER_KEY_ID = "PORTUSERKEY-7731"
USER_SECRET = "port-user-secret-7731"


def echoing_error(operation: str, code: str):
    # AWS messages may quote request values; the check must mask them anyway.
    message = f"denied for {CALLER_KEY_ID} with external id {EXTERNAL_ID}"
    return failed(operation, code, message)


def secrets_of(session: RecordingSession) -> list[str]:
    values = [CALLER_KEY_ID, CALLER_SECRET, EXTERNAL_ID, USER_KEY_ID, USER_SECRET]
    for answer in session.answers:
        temporary = answer.get("Credentials", {})
        values += [temporary.get(k, "") for k in ("SecretAccessKey", "SessionToken")]
        values.append(temporary.get("AccessKeyId", ""))
    return [value for value in values if value]


@pytest.mark.parametrize(
    "session_args",
    [
        {},
        {"bedrock_runtime": [echoing_error("invoke_model", "AccessDeniedException")]},
        {"sts": [echoing_error("assume_role", "AccessDenied")]},
    ],
)
def test_assume_role_check_output_holds_no_secret(
    aws_env: str, caplog: pytest.LogCaptureFixture, session_args: dict
) -> None:
    caplog.set_level(logging.DEBUG, logger="llmconf")
    session = RecordingSession(**session_args)
    if "bedrock_runtime" in session_args:
        session_args["bedrock_runtime"].append(answered())

    text = render_check(
        run_check(guide_provider(), external_id=EXTERNAL_ID, session=session)
    )
    seen = text + caplog.text

    assert session.answers or "sts" in session_args
    assert [value for value in secrets_of(session) if value in seen] == []


def test_access_key_check_output_holds_no_secret(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLMCONF_BEDROCK_ACCESS_KEY_ID", USER_KEY_ID)
    monkeypatch.setenv("LLMCONF_BEDROCK_SECRET_ACCESS_KEY", USER_SECRET)
    denied = failed(
        "invoke_model", "AccessDeniedException", f"key {USER_KEY_ID} {USER_SECRET}"
    )
    session = RecordingSession(bedrock_runtime=[denied])

    text = render_check(run_check(key_provider(), external_id=None, session=session))

    assert "AWS: AccessDeniedException: key (sensitive) (sensitive)" in text
    assert [value for value in secrets_of(session) if value in text] == []


def test_check_command_output_holds_no_secret(
    aws_env: str, config_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = RecordingSession(sts=[echoing_error("assume_role", "AccessDenied")])
    monkeypatch.setattr(llmconf.cli_bedrock, "make_session", lambda profile: session)
    path = config_file(bedrock=guide_provider())

    result = CliRunner().invoke(
        bedrock, ["check", "-c", str(path), "--external-id", f"{EXTERNAL_ID} "]
    )
    seen = result.stdout + result.stderr

    assert result.exit_code == 1
    assert "leading or trailing whitespace" in seen
    assert [value for value in secrets_of(session) if value in seen] == []
