"""The CLI on inputs a new user gets wrong: odd credentials, paths and state files."""

from __future__ import annotations

import socket

import pytest

from llmconf.errors import UsageError
from llmconf.plan import Plan
from llmconf.savedplan import save_plan

from .conftest import EXAMPLES, Org

QUICKSTART = next(path for path in EXAMPLES if path.name == "quickstart.yaml")


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("PORT_TOKEN", "tok-first-part\ntok-rest-of-it", "a line break or other"),
        ("PORT_TOKEN", "tök-with-accents-1", "a non-ASCII character"),
        ("PORT_CLIENT_SECRET", "cs-first\r\ncs-rest-of-it", "a line break or other"),
        ("PORT_CLIENT_SECRET", "sändbox-secret", "a non-ASCII character"),
    ],
)
def test_unsendable_credentials_are_refused_before_any_request(
    http_org: Org, variable: str, value: str, reason: str
) -> None:
    http_org.monkeypatch.setenv(variable, value)

    result = http_org.run("plan", "-c", str(QUICKSTART))

    assert result.code == 1
    assert f"error: {variable} contains {reason}" in result.err
    for part in value.split():
        assert part[:6] not in result.text
    assert not http_org.state.exists()


def test_a_refused_connection_names_the_host(in_process_org: Org) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        host = f"127.0.0.1:{probe.getsockname()[1]}"
    in_process_org.monkeypatch.setenv("PORT_TOKEN", "tok-ready-token-1")

    result = in_process_org.run_bare(
        "--api-url",
        f"http://{host}",
        "--max-attempts",
        "1",
        "plan",
        "-c",
        str(QUICKSTART),
    )

    assert result.code == 1
    assert f"could not connect to {host} (" in result.err
    assert "tok-ready-token-1" not in result.text


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('{"version": 1}', "the document: 'organization' is missing"),
        ('{"providers": []}', "the document: 'version' is missing"),
        ("[]", "the document: must be of type object"),
    ],
)
def test_a_corrupt_sandbox_state_is_a_clean_error(
    in_process_org: Org, text: str, what: str
) -> None:
    in_process_org.state.write_text(text)

    result = in_process_org.run("plan", "-c", str(QUICKSTART))

    assert result.code == 1
    assert (
        f"error: sandbox state file {in_process_org.state} is not a valid sandbox "
        f"state ({what}): delete it to start a fresh org"
    ) in result.err
    assert "Traceback" not in result.text
    assert in_process_org.state.read_text() == text


def test_a_non_ascii_sandbox_secret_is_refused_without_a_traceback(
    in_process_org: Org,
) -> None:
    in_process_org.login("sandbox-admin", "sändbox")

    result = in_process_org.run("plan", "-c", str(QUICKSTART))

    assert result.code == 1
    assert "PORT_CLIENT_SECRET contains a non-ASCII character" in result.err
    assert "Traceback" not in result.text
    assert "sändbox" not in result.text


def test_a_sandbox_state_in_a_missing_directory_is_refused(
    in_process_org: Org, tmp_path
) -> None:
    state = tmp_path / "missing" / "org.json"

    result = in_process_org.run_bare(
        "--sandbox", str(state), "plan", "-c", str(QUICKSTART)
    )

    assert result.code == 1
    assert (
        f"error: the directory of the sandbox state file does not exist: {state.parent}"
    ) in result.err
    assert not state.parent.exists()


def test_a_secret_pasted_as_a_credentials_name_is_never_echoed(
    http_org: Org, tmp_path
) -> None:
    config = tmp_path / "llmconf.yaml"
    config.write_text(
        "version: 1\ncredentials:\n  clientSecret: Xk9PqR2vLm8sTq\nproviders: {}\n"
    )

    result = http_org.run("plan", "-c", str(config))

    assert result.code == 1
    assert (
        "credentials.clientSecret: must name an environment variable, not hold the "
        "secret"
    ) in result.err
    assert "Xk9PqR2vLm8sTq" not in result.text


def test_stdin_as_the_config_is_refused_clearly(in_process_org: Org) -> None:
    result = in_process_org.run("plan", "-c", "-")

    assert result.code == 1
    assert "reading the config from stdin is not supported; pass a file path" in (
        result.err
    )


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("missing/plan.json", "no such directory: {tmp}/missing"),
        ("a-file/plan.json", "not a directory: {tmp}/a-file"),
    ],
)
def test_an_unwritable_plan_out_is_refused_before_reading_port(
    http_org: Org, tmp_path, out: str, reason: str
) -> None:
    (tmp_path / "a-file").write_text("")

    result = http_org.run("plan", "--out", str(tmp_path / out), "-c", str(QUICKSTART))

    assert result.code == 1
    expected = reason.format(tmp=tmp_path)
    assert f"error: cannot write the plan to {tmp_path / out}: {expected}" in (
        result.err
    )
    assert result.out == ""
    assert not http_org.state.exists()


def test_save_plan_reports_a_failed_write_as_a_usage_error(tmp_path) -> None:
    target = tmp_path / "gone" / "plan.json"

    with pytest.raises(UsageError) as caught:
        save_plan(Plan(actions=[], config_path="llmconf.yaml"), target)

    assert str(caught.value).startswith(f"cannot write the plan to {target}: ")
