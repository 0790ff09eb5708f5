"""Reading the bedrock provider of a config file into its facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bedrock_helpers import ROLE_ARN, guide_provider, key_provider

from llmconf.bedrock.setup import KEYS, ROLE, enabled_models, find_bedrock, read_setup
from llmconf.catalog import CLAUDE_MODELS
from llmconf.errors import LlmconfError
from llmconf.state import DesiredProvider, DesiredState


@pytest.mark.parametrize(
    ("only", "overrides", "expected"),
    [
        (None, {}, CLAUDE_MODELS),
        (None, {"claude-opus-4-6": False}, CLAUDE_MODELS[:-1]),
        (
            ("claude-opus-4-6", "claude-sonnet-4-20250514"),
            {},
            ("claude-sonnet-4-20250514", "claude-opus-4-6"),
        ),
        (("claude-future-9",), {}, ("claude-future-9",)),
        ((), {}, ()),
    ],
)
def test_enabled_models_follow_only_else_overrides(
    only: tuple[str, ...] | None, overrides: dict[str, bool], expected: tuple
) -> None:
    provider = DesiredProvider(type="bedrock", only=only, overrides=overrides)

    assert enabled_models(provider) == expected


def test_read_setup_of_the_guide_example() -> None:
    setup = read_setup(guide_provider())

    assert setup.auth == ROLE
    assert setup.role_arn == ROLE_ARN
    assert setup.account == "123456789012"
    assert setup.models == ("claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929")
    assert setup.external_id_secret == "BEDROCK_ROLE_EXTERNAL_ID"


def test_read_setup_of_access_keys_leaves_the_account_open() -> None:
    setup = read_setup(key_provider(guardrailIdentifier="gr-1"))

    assert (setup.auth, setup.account, setup.guardrail_id) == (KEYS, "*", "gr-1")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"region": None}, "config.region is required"),
        ({"region": "ca-central-1"}, "no Claude cross-region inference profile"),
        ({"roleArn": "arn:aws:iam::1:role/x"}, "not an IAM role ARN"),
        ({"roleArn": None}, "needs roleArn, or both accessKeyIdSecretName"),
    ],
)
def test_read_setup_refuses_incomplete_providers(config: dict, message: str) -> None:
    with pytest.raises(LlmconfError, match=message):
        read_setup(guide_provider(**config))


@pytest.mark.parametrize(
    "providers",
    [{}, {"bedrock": DesiredProvider(type="bedrock", absent=True)}],
)
def test_find_bedrock_refuses_a_file_without_one(providers: dict) -> None:
    state = DesiredState(source=Path("team.yaml"), providers=providers)

    with pytest.raises(LlmconfError, match="team.yaml declares no bedrock provider"):
        find_bedrock(state)
