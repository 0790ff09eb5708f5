"""The self-test against a loopback moto server, with stubbed Bedrock failures."""

from __future__ import annotations

import json

import pytest
from bedrock_helpers import (
    ROLE_ARN,
    RecordingSession,
    answered,
    failed,
    guide_provider,
    key_provider,
)

from llmconf.bedrock import render_check, run_check
from llmconf.bedrock.report import FAIL, OK, SKIP
from llmconf.errors import LlmconfError, UsageError
from llmconf.state import DesiredProvider

HAIKU = "claude-haiku-4-5-20251001"
SONNET = "claude-sonnet-4-5-20250929"
HAIKU_PROFILE_ARN = (
    "arn:aws:bedrock:eu-central-1:123456789012:"
    "inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0"
)
HAIKU_MODEL_ARN = (
    "arn:aws:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0"
)
NOT_AUTHORIZED = (
    "User: arn:aws:sts::123456789012:assumed-role/port-bedrock-access/llmconf-check "
    "is not authorized to perform: bedrock:InvokeModel on resource: "
    + HAIKU_PROFILE_ARN
)


def verdicts(report) -> list[tuple[str, str]]:
    return [(row.subject, row.verdict) for row in report.rows]


def test_every_model_answers_through_moto(aws_env: str) -> None:
    session = RecordingSession()

    report = run_check(guide_provider(), external_id="ext-7f3a", session=session)

    assert report.ok
    assert verdicts(report) == [("assume-role", OK), (HAIKU, OK), (SONNET, OK)]
    assert "2 of 2 enabled models answered." in render_check(report)


def test_requests_are_the_ones_port_sends(aws_env: str) -> None:
    session = RecordingSession()

    run_check(guide_provider(), external_id="ext-7f3a", session=session)
    calls = dict(session.calls)
    invoke = [params for name, params in session.calls if name == "InvokeModel"]

    assert session.operations() == ["AssumeRole", "InvokeModel", "InvokeModel"]
    assert calls["AssumeRole"]["RoleArn"] == ROLE_ARN
    assert calls["AssumeRole"]["RoleSessionName"] == "llmconf-check"
    assert calls["AssumeRole"]["ExternalId"] == "ext-7f3a"
    assert [p["modelId"] for p in invoke] == [
        "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]
    assert json.loads(invoke[0]["body"]) == {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 8,
        "messages": [{"role": "user", "content": "Reply with OK."}],
    }


def test_invoke_uses_the_assumed_role_credentials(aws_env: str) -> None:
    session = RecordingSession(bedrock_runtime=[answered(), answered()])

    run_check(guide_provider(), external_id="ext-7f3a", session=session)
    temporary = session.answers[0]["Credentials"]
    (runtime,) = [kwargs for name, kwargs in session.clients if name != "sts"]

    assert runtime["region_name"] == "eu-central-1"
    assert runtime["aws_access_key_id"] == temporary["AccessKeyId"]
    assert runtime["aws_secret_access_key"] == temporary["SecretAccessKey"]
    assert runtime["aws_session_token"] == temporary["SessionToken"]


def test_no_external_id_secret_sends_none(aws_env: str) -> None:
    session = RecordingSession()
    provider = guide_provider(externalIdSecretName=None)

    report = run_check(provider, external_id="ext-7f3a", session=session)

    assert "ExternalId" not in dict(session.calls)["AssumeRole"]
    assert "like Port, the check sends no external id" in render_check(report)


def test_guardrail_is_sent_with_every_invoke(aws_env: str) -> None:
    session = RecordingSession()
    provider = guide_provider(guardrailIdentifier="gr-7x", guardrailVersion="3")

    run_check(provider, external_id="ext-7f3a", session=session)
    invoke = [params for name, params in session.calls if name == "InvokeModel"]

    assert {(p["guardrailIdentifier"], p["guardrailVersion"]) for p in invoke} == {
        ("gr-7x", "3")
    }


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        (
            "AccessDeniedException",
            NOT_AUTHORIZED,
            [
                "IAM permission missing: allow bedrock:InvokeModel and "
                "bedrock:InvokeModelWithResponseStream on",
                HAIKU_PROFILE_ARN,
                HAIKU_MODEL_ARN,
            ],
        ),
        (
            "AccessDeniedException",
            "You don't have access to the model with the specified model ID.",
            ["model access not granted for", "Model access page in eu-central-1"],
        ),
        (
            "ResourceNotFoundException",
            "Model use case details have not been submitted for this account. "
            "Fill out the Anthropic use case details form before using the model.",
            ["use-case form was not submitted", "PutUseCaseForModelAccess"],
        ),
        (
            "ResourceNotFoundException",
            "This model is not enabled for your account.",
            ["model access not granted for", "Model access page"],
        ),
        (
            "AccessDeniedException",
            "User is not authorized to perform: aws-marketplace:Subscribe",
            ["AWS Marketplace subscription", "aws-marketplace:Subscribe"],
        ),
        (
            "ValidationException",
            "The provided model identifier is invalid.",
            ["does not serve eu.anthropic.claude-haiku-4-5-20251001-v1:0"],
        ),
        (
            "ResourceNotFoundException",
            "Could not resolve the foundation model from the model identifier.",
            ["does not serve eu.anthropic.claude-haiku-4-5-20251001-v1:0"],
        ),
        (
            "ThrottlingException",
            "Too many requests, please wait before trying again.",
            ["Bedrock throttled claude-haiku-4-5-20251001 in eu-central-1"],
        ),
        (
            "ModelNotReadyException",
            "Model is not ready.",
            ["Bedrock could not answer for claude-haiku-4-5-20251001"],
        ),
    ],
)
def test_invoke_failures_name_their_fix(
    aws_env: str, code: str, message: str, expected: list[str]
) -> None:
    session = RecordingSession(
        bedrock_runtime=[failed("invoke_model", code, message), answered()]
    )

    report = run_check(guide_provider(), external_id="ext-7f3a", session=session)
    text = render_check(report)

    assert verdicts(report) == [("assume-role", OK), (HAIKU, FAIL), (SONNET, OK)]
    assert not report.ok
    assert f"AWS: {code}: {message}" in text
    for part in expected:
        assert part in text


def test_partial_access_prints_the_yaml_that_registers(aws_env: str) -> None:
    denied = failed("invoke_model", "AccessDeniedException", NOT_AUTHORIZED)
    session = RecordingSession(bedrock_runtime=[denied, answered()])

    text = render_check(
        run_check(guide_provider(), external_id="ext-7f3a", session=session)
    )

    assert text.endswith(
        "the config file with:\n"
        "\n"
        "providers:\n"
        "  bedrock:\n"
        "    models:\n"
        "      - claude-sonnet-4-5-20250929\n"
    )


def test_no_model_answering_prints_no_yaml(aws_env: str) -> None:
    denied = failed("invoke_model", "AccessDeniedException", NOT_AUTHORIZED)
    session = RecordingSession(bedrock_runtime=[denied, denied])

    text = render_check(
        run_check(guide_provider(), external_id="ext-7f3a", session=session)
    )

    assert "0 of 2 enabled models answered." in text
    assert "models:" not in text


@pytest.mark.parametrize(
    ("external_id", "expected"),
    [
        ("ext-7f3a", "its sts:ExternalId condition must equal Port secret"),
        ("ext-7f3a ", "the supplied external id has leading or trailing whitespace"),
        (None, "no external id was supplied: pass --external-id"),
    ],
)
def test_assume_role_denied_points_at_the_trust_policy(
    aws_env: str, external_id: str | None, expected: str
) -> None:
    denied = failed(
        "assume_role",
        "AccessDenied",
        "User is not authorized to perform: sts:AssumeRole",
        403,
    )
    session = RecordingSession(sts=[denied])

    report = run_check(guide_provider(), external_id=external_id, session=session)
    text = render_check(report)

    assert verdicts(report) == [("assume-role", FAIL), (HAIKU, SKIP), (SONNET, SKIP)]
    assert f"the trust policy of {ROLE_ARN} refused sts:AssumeRole:" in text
    assert "Principal must list Port's gateway roles" in text
    assert expected in text
    assert "InvokeModel" not in session.operations()


def test_malformed_external_id_with_whitespace_is_named(aws_env: str) -> None:
    invalid = failed(
        "assume_role",
        "ValidationError",
        "Value at 'externalId' failed to satisfy constraint",
    )
    session = RecordingSession(sts=[invalid])

    text = render_check(
        run_check(guide_provider(), external_id="ext-7f3a\n", session=session)
    )

    assert "leading or trailing whitespace" in text
    assert "AWS: ValidationError:" in text


def test_missing_caller_credentials_are_explained(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    report = run_check(guide_provider(), external_id=None, session=RecordingSession())

    assert verdicts(report)[0] == ("assume-role", FAIL)
    assert "no AWS credentials found" in render_check(report)


def test_access_keys_come_from_the_llmconf_environment(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLMCONF_BEDROCK_ACCESS_KEY_ID", "PORTUSERKEY-0002")
    monkeypatch.setenv("LLMCONF_BEDROCK_SECRET_ACCESS_KEY", "port-user-secret-0002")
    session = RecordingSession()

    report = run_check(key_provider(), external_id=None, session=session)

    assert verdicts(report) == [("identity", OK), (HAIKU, OK)]
    assert session.operations() == ["GetCallerIdentity", "InvokeModel"]
    assert "(keys from LLMCONF_BEDROCK_ACCESS_KEY_ID)" in render_check(report)


def test_access_keys_from_the_credential_chain_are_flagged(aws_env: str) -> None:
    report = run_check(key_provider(), external_id=None, session=RecordingSession())

    assert verdicts(report) == [("identity", OK), (HAIKU, OK)]
    assert "may not be the IAM user whose keys Port holds" in render_check(report)


def test_half_an_access_key_pair_is_refused(
    aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLMCONF_BEDROCK_ACCESS_KEY_ID", "PORTUSERKEY-0002")

    with pytest.raises(UsageError, match="set both LLMCONF_BEDROCK_ACCESS_KEY_ID"):
        run_check(key_provider(), external_id=None, session=RecordingSession())


def test_refused_access_keys_are_explained(aws_env: str) -> None:
    refused = failed(
        "get_caller_identity",
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
        403,
    )

    report = run_check(
        key_provider(), external_id=None, session=RecordingSession(sts=[refused])
    )

    assert verdicts(report) == [("identity", FAIL), (HAIKU, SKIP)]
    assert "AWS refused the credentials running this check" in render_check(report)


def test_a_provider_without_models_is_refused(aws_env: str) -> None:
    provider = DesiredProvider(
        type="bedrock", config={"roleArn": ROLE_ARN, "region": "eu-west-1"}, only=()
    )

    with pytest.raises(LlmconfError, match="enables no model"):
        run_check(provider, external_id=None, session=RecordingSession())
