"""Model ids, inference profiles and ARNs derived from Port's Claude ids."""

from __future__ import annotations

import pytest

from llmconf.bedrock import arns
from llmconf.errors import LlmconfError


@pytest.mark.parametrize(
    ("region", "prefix"),
    [
        ("eu-central-1", "eu"),
        ("eu-west-3", "eu"),
        ("us-east-1", "us"),
        ("us-west-2", "us"),
        ("ap-northeast-1", "apac"),
        ("ap-southeast-2", "apac"),
    ],
)
def test_profile_prefix_follows_the_region_geography(region: str, prefix: str) -> None:
    assert arns.profile_prefix(region) == prefix


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("ca-central-1", "no Claude cross-region inference profile"),
        ("sa-east-1", "no Claude cross-region inference profile"),
        ("us-gov-west-1", "GovCloud"),
        ("Frankfurt", "not an AWS region name"),
        ("eu-central", "not an AWS region name"),
    ],
)
def test_profile_prefix_refuses_unknown_geographies(region: str, message: str) -> None:
    with pytest.raises(LlmconfError, match=message):
        arns.profile_prefix(region)


@pytest.mark.parametrize(
    ("model", "profile"),
    [
        ("claude-haiku-4-5-20251001", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"),
        ("claude-opus-4-6", "eu.anthropic.claude-opus-4-6-v1:0"),
    ],
)
def test_inference_profile_id_adds_prefix_and_version(model: str, profile: str) -> None:
    assert arns.inference_profile_id(model, "eu-central-1") == profile


def test_model_arns_name_profile_in_region_and_model_in_every_region() -> None:
    profile, model = arns.model_arns("claude-opus-4-6", "us-east-1", "123456789012")

    assert profile == (
        "arn:aws:bedrock:us-east-1:123456789012:"
        "inference-profile/us.anthropic.claude-opus-4-6-v1:0"
    )
    assert model == "arn:aws:bedrock:*::foundation-model/anthropic.claude-opus-4-6-v1:0"


@pytest.mark.parametrize(
    "role_arn",
    [
        "arn:aws:iam::12345678901:role/short-account",
        "arn:aws:iam::123456789012:user/not-a-role",
        "port-bedrock-access",
    ],
)
def test_account_of_refuses_what_is_not_a_role_arn(role_arn: str) -> None:
    with pytest.raises(LlmconfError, match="not an IAM role ARN"):
        arns.account_of(role_arn)


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [
        ("gr-abc123", "arn:aws:bedrock:eu-west-1:123456789012:guardrail/gr-abc123"),
        (
            "arn:aws:bedrock:eu-west-1:999999999999:guardrail/gr-x",
            "arn:aws:bedrock:eu-west-1:999999999999:guardrail/gr-x",
        ),
    ],
)
def test_guardrail_arn_accepts_an_id_or_an_arn(identifier: str, expected: str) -> None:
    assert arns.guardrail_arn(identifier, "eu-west-1", "123456789012") == expected
