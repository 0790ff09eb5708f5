"""The bedrock commands as users run them: output, exit codes and error lines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from bedrock_helpers import RecordingSession, answered, failed, guide_provider
from click.testing import CliRunner

import llmconf.cli_bedrock
from llmconf.cli import main
from llmconf.cli_bedrock import bedrock
from llmconf.errors import ConfigError, UsageError

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
EXAMPLE = HERE.parents[1] / "examples" / "bedrock-assume-role.yaml"


@pytest.fixture
def isolated_logging() -> Iterator[None]:
    """Undo the logging setup main() performs, so later tests see default logging."""
    logger = logging.getLogger("llmconf")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def run_check_command(path, *args: str):
    return CliRunner().invoke(bedrock, ["check", "-c", str(path), *args])


def test_check_exits_0_when_every_model_answers(aws_env: str, config_file) -> None:
    path = config_file(bedrock=guide_provider())

    result = run_check_command(path, "--external-id", "ext-7f3a")

    assert result.exit_code == 0, result.output
    assert "2 of 2 enabled models answered." in result.stdout


def test_check_exits_1_when_a_model_fails(
    aws_env: str, config_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    denied = failed("invoke_model", "ThrottlingException", "Too many requests")
    session = RecordingSession(bedrock_runtime=[answered(), denied])
    monkeypatch.setattr(llmconf.cli_bedrock, "make_session", lambda profile: session)
    path = config_file(bedrock=guide_provider())

    result = run_check_command(path, "--external-id", "ext-7f3a")

    assert result.exit_code == 1
    assert "claude-sonnet-4-5-20250929     FAIL" in result.stdout
    assert "      - claude-haiku-4-5-20251001" in result.stdout


def test_check_reads_the_external_id_from_the_environment(
    aws_env: str, config_file, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = RecordingSession()
    monkeypatch.setattr(llmconf.cli_bedrock, "make_session", lambda profile: session)
    monkeypatch.setenv("LLMCONF_BEDROCK_EXTERNAL_ID", "from-env-9f")
    path = config_file(bedrock=guide_provider())

    run_check_command(path)

    assert dict(session.calls)["AssumeRole"]["ExternalId"] == "from-env-9f"


def test_check_refuses_an_unknown_profile(aws_env: str, config_file) -> None:
    path = config_file(bedrock=guide_provider())

    result = run_check_command(path, "--profile", "no-such-profile")

    assert isinstance(result.exception, UsageError)
    assert "AWS profile 'no-such-profile' is not configured" in str(result.exception)


@pytest.mark.parametrize("command", ["policy", "check"])
def test_a_file_without_bedrock_is_a_clear_error(
    aws_env: str,
    config_file,
    capsys: pytest.CaptureFixture,
    isolated_logging: None,
    command: str,
) -> None:
    path = config_file()

    with pytest.raises(SystemExit) as stop:
        main(["bedrock", command, "-c", str(path)])
    captured = capsys.readouterr()

    assert stop.value.code == 1
    assert captured.out == ""
    assert "declares no bedrock provider" in captured.err
    assert "add one under providers.bedrock" in captured.err


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [("json", "guide-example.json"), ("terraform", "guide-example.tf")],
)
def test_the_bedrock_example_prints_the_golden_policy(
    capsys: pytest.CaptureFixture, isolated_logging: None, fmt: str, golden: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bedrock", "policy", "-c", str(EXAMPLE), "--format", fmt])

    assert stop.value.code == 0
    assert capsys.readouterr().out == (GOLDEN / golden).read_text()


def test_the_bedrock_example_passes_its_check(
    aws_env: str, capsys: pytest.CaptureFixture, isolated_logging: None
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bedrock", "check", "-c", str(EXAMPLE), "--external-id", "ext-7f3a"])

    assert stop.value.code == 0
    assert "2 of 2 enabled models answered." in capsys.readouterr().out


def test_policy_refuses_a_file_with_problems(tmp_path: Path) -> None:
    config = tmp_path / "llmconf.yaml"
    config.write_text(
        "version: 1\nproviders:\n  bedrock:\n    config:\n"
        "      roleArn: arn:aws:iam::123456789012:role/port\n"
        "      region: eu-central-12\n"
    )

    result = CliRunner().invoke(bedrock, ["policy", "-c", str(config)])

    assert result.exit_code == 1
    assert isinstance(result.exception, ConfigError)
    assert "providers.bedrock.config.region" in str(result.exception.problems[0])
