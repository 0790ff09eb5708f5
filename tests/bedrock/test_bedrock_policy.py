"""The permission and trust policies, as library values and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bedrock_helpers import guide_provider, key_provider
from click.testing import CliRunner

from llmconf.bedrock import build_policies, read_setup
from llmconf.bedrock.policy import PORT_GATEWAY_ROLES
from llmconf.catalog import CLAUDE_MODELS
from llmconf.cli_bedrock import bedrock
from llmconf.errors import LlmconfError, UsageError
from llmconf.state import DesiredProvider

GOLDEN = Path(__file__).parent / "golden"
DISABLED = ("claude-sonnet-4-20250514", "claude-opus-4-5-20251101", "claude-opus-4-6")


def run(config_path: Path, *args: str, env: dict | None = None):
    runner = CliRunner()
    return runner.invoke(bedrock, ["policy", "-c", str(config_path), *args], env=env)


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [("json", "guide-example.json"), ("terraform", "guide-example.tf")],
)
def test_policy_of_the_guide_example_matches_golden(
    config_file, fmt: str, golden: str
) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path, "--format", fmt)

    assert result.exit_code == 0, result.output
    assert result.stdout == (GOLDEN / golden).read_text()


def test_permission_policy_allows_only_enabled_models() -> None:
    policy = build_policies(read_setup(guide_provider())).permission
    resources = " ".join(policy["Statement"][0]["Resource"])

    assert "claude-haiku-4-5-20251001" in resources
    assert not [model for model in DISABLED if model in resources]


def test_permission_policy_has_both_arns_for_every_model() -> None:
    provider = DesiredProvider(
        type="bedrock",
        config={"roleArn": "arn:aws:iam::123456789012:role/r", "region": "us-west-2"},
    )
    resources = build_policies(read_setup(provider)).permission["Statement"][0][
        "Resource"
    ]

    assert len(resources) == 2 * len(CLAUDE_MODELS)
    assert (
        "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-opus-4-6-v1:0"
        in resources
    )
    assert (
        "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-6-v1:0"
        in resources
    )


@pytest.mark.parametrize(
    ("guardrail", "arn"),
    [
        ("gr-7x", "arn:aws:bedrock:eu-central-1:123456789012:guardrail/gr-7x"),
        (
            "arn:aws:bedrock:eu-west-1:123456789012:guardrail/gr-8",
            "arn:aws:bedrock:eu-west-1:123456789012:guardrail/gr-8",
        ),
    ],
)
def test_guardrail_adds_apply_guardrail(guardrail: str, arn: str) -> None:
    setup = read_setup(
        guide_provider(guardrailIdentifier=guardrail, guardrailVersion="1")
    )
    statements = build_policies(setup).permission["Statement"]

    assert statements[1] == {
        "Sid": "ApplyConfiguredGuardrail",
        "Effect": "Allow",
        "Action": ["bedrock:ApplyGuardrail"],
        "Resource": [arn],
    }


def test_no_guardrail_means_no_apply_guardrail() -> None:
    statements = build_policies(read_setup(guide_provider())).permission["Statement"]

    assert [s["Sid"] for s in statements] == ["InvokeEnabledClaudeModels"]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (
            ["--external-id", "ext-7f3a"],
            None,
            {"StringEquals": {"sts:ExternalId": "ext-7f3a"}},
        ),
        (
            [],
            {"LLMCONF_BEDROCK_EXTERNAL_ID": "from-env-9"},
            {"StringEquals": {"sts:ExternalId": "from-env-9"}},
        ),
    ],
)
def test_trust_policy_carries_the_supplied_external_id(
    config_file, args: list, env: dict | None, expected: dict
) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path, "--part", "trust", *args, env=env)
    statement = json.loads(result.stdout)["Statement"][0]

    assert result.exit_code == 0
    assert statement["Condition"] == expected
    assert statement["Principal"] == {"AWS": list(PORT_GATEWAY_ROLES)}
    assert statement["Action"] == "sts:AssumeRole"
    assert result.stderr == ""


def test_trust_policy_without_external_id_secret_has_no_condition(config_file) -> None:
    path = config_file(bedrock=guide_provider(externalIdSecretName=None))

    result = run(path, "--part", "trust", "--external-id", "ignored-1")

    assert "Condition" not in json.loads(result.stdout)["Statement"][0]
    assert "the external id is ignored" in result.stderr


@pytest.mark.parametrize("value", [" ext-7f3a", "ext-7f3a ", "ext-7f3a\t"])
def test_external_id_with_edge_whitespace_is_kept_and_warned(
    config_file, value: str
) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path, "--part", "trust", "--external-id", value)
    condition = json.loads(result.stdout)["Statement"][0]["Condition"]

    assert condition["StringEquals"]["sts:ExternalId"] == value
    assert (
        "warning: the external id has leading or trailing whitespace" in result.stderr
    )


@pytest.mark.parametrize("value", ["X", "ab cd", "ext#7", "e" * 1225])
def test_external_id_aws_would_refuse_is_warned(config_file, value: str) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path, "--part", "trust", "--external-id", value)

    assert "AWS would refuse this trust policy's value" in result.stderr


def test_placeholder_is_warned_on_stderr(config_file) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path)

    assert "<value of Port secret BEDROCK_ROLE_EXTERNAL_ID>" in result.stdout
    assert "warning: the trust policy holds a placeholder" in result.stderr


def test_raw_permission_part_is_one_iam_policy(config_file) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(path, "--part", "permission")
    policy = json.loads(result.stdout)

    assert policy["Version"] == "2012-10-17"
    assert policy == build_policies(read_setup(guide_provider())).permission
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "terraform"])
def test_access_key_form_prints_no_trust_policy(config_file, fmt: str) -> None:
    path = config_file(bedrock=key_provider())

    result = run(path, "--format", fmt)

    assert result.exit_code == 0
    assert "trust" not in result.stdout.lower()
    assert (
        "arn:aws:bedrock:us-east-1:*:inference-profile/us.anthropic." in result.stdout
    )
    assert "warning: no trust policy" in result.stderr


def test_access_key_form_refuses_the_trust_part(config_file) -> None:
    path = config_file(bedrock=key_provider())

    result = run(path, "--part", "trust")

    assert isinstance(result.exception, UsageError)
    assert "access-key form has no trust policy" in str(result.exception)


def test_terraform_escapes_template_openers(config_file) -> None:
    path = config_file(bedrock=guide_provider())

    result = run(
        path, "--format", "terraform", "--part", "trust", "--external-id", 'a${b}%{c}"d'
    )

    assert 'values   = ["a$${b}%%{c}\\"d"]' in result.stdout


@pytest.mark.parametrize(
    ("providers", "message"),
    [
        ({}, "declares no bedrock provider"),
        (
            {
                "bedrock": DesiredProvider(
                    type="bedrock",
                    config={
                        "roleArn": "arn:aws:iam::123456789012:role/r",
                        "region": "eu-west-1",
                    },
                    only=(),
                )
            },
            "enables no model",
        ),
    ],
)
def test_policy_refuses_files_it_cannot_serve(
    config_file, providers: dict, message: str
) -> None:
    path = config_file(**providers)

    result = run(path)

    assert isinstance(result.exception, LlmconfError)
    assert message in str(result.exception)
    assert result.stdout == ""
