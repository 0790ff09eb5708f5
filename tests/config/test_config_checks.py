"""Cross-field checks and the model rules shared with the planner, offline and live."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmconf.catalog import CLAUDE_MODELS
from llmconf.config import check_desired, effective_models, known_models
from llmconf.state import (
    Defaults,
    DesiredProvider,
    DesiredState,
    LiveProvider,
    LiveState,
)

BEDROCK = {
    "roleArn": "arn:aws:iam::123456789012:role/port-bedrock",
    "region": "eu-central-1",
}
GATEWAY = {"baseUrl": "https://gw.example.com/v1", "models": [{"name": "gw-model"}]}


def live_provider(kind: str, effective: dict[str, bool], enabled: bool = True):
    return LiveProvider(kind, enabled, {}, {}, effective)


def live_state(*providers: LiveProvider) -> LiveState:
    return LiveState(
        providers={p.type: p for p in providers},
        defaults=Defaults("port", "claude-sonnet-4-5-20250929"),
    )


def desired_state(
    *providers: DesiredProvider, defaults: Defaults | None = None, prune: bool = False
) -> DesiredState:
    return DesiredState(
        source=Path("llmconf.yaml"),
        providers={p.type: p for p in providers},
        defaults=defaults,
        prune=prune,
        marks={(): (1, 1), ("defaults", "provider"): (3, 3)},
    )


def messages(desired: DesiredState, live: LiveState | None = None) -> list[str]:
    return [f"{p.path}: {p.message}" for p in check_desired(desired, live)]


def test_only_form_turns_listed_models_on_and_the_rest_off() -> None:
    provider = DesiredProvider("bedrock", config=BEDROCK, only=("claude-opus-4-6",))

    effective = effective_models(provider)

    assert effective == {m: m == "claude-opus-4-6" for m in CLAUDE_MODELS}


def test_overrides_form_leaves_unlisted_models_on() -> None:
    provider = DesiredProvider("anthropic", overrides={"claude-opus-4-6": False})

    effective = effective_models(provider)

    assert effective == {m: m != "claude-opus-4-6" for m in CLAUDE_MODELS}


def test_live_ids_join_a_fixed_catalog() -> None:
    provider = DesiredProvider("openai", only=("gpt-5",))
    live = live_provider("openai", {"gpt-5": True, "gpt-5-mini": True})

    assert known_models(provider, live) == ("gpt-5", "gpt-5-mini")
    assert effective_models(provider, live) == {"gpt-5": True, "gpt-5-mini": False}


def test_custom_catalog_comes_from_config_models_only() -> None:
    provider = DesiredProvider("openai-compatible", config=GATEWAY)
    live = live_provider("openai-compatible", {"old-model": True})

    assert known_models(provider, live) == ("gw-model",)
    assert effective_models(provider, live) == {"gw-model": True}


def test_model_port_already_reports_counts_as_known() -> None:
    desired = desired_state(DesiredProvider("openai", only=("gpt-5-mini",)))
    live = live_state(live_provider("openai", {"gpt-5": True, "gpt-5-mini": True}))

    assert messages(desired) == [
        "providers.openai.models[0]: 'gpt-5-mini' is not a known openai model; "
        "did you mean 'gpt-5'?"
    ]
    assert messages(desired, live) == []


@pytest.mark.parametrize(
    ("live", "prune", "expected"),
    [
        (None, False, ["'openai' is not declared under providers"]),
        (
            live_state(),
            False,
            ["'openai' is not declared under providers and is not configured on Port"],
        ),
        (live_state(live_provider("openai", {"gpt-5": True})), False, []),
        (
            live_state(live_provider("openai", {"gpt-5": True})),
            True,
            ["'openai' is not declared under providers, so prune: true deletes it"],
        ),
        (
            live_state(live_provider("openai", {"gpt-5": True}, enabled=False)),
            False,
            ["'openai' is not declared under providers and is disabled on Port"],
        ),
    ],
)
def test_default_provider_may_be_live_but_undeclared(
    live: LiveState | None, prune: bool, expected: list[str]
) -> None:
    desired = desired_state(defaults=Defaults("openai", "gpt-5"), prune=prune)

    assert messages(desired, live) == [f"defaults.provider: {m}" for m in expected]


def test_undeclared_live_default_needs_its_model_on() -> None:
    desired = desired_state(defaults=Defaults("openai", "gpt-5"))
    live = live_state(live_provider("openai", {"gpt-5": False}))

    assert messages(desired, live) == [
        "defaults.model: 'gpt-5' is turned off on 'openai'; turn it on or pick another"
    ]


@pytest.mark.parametrize(
    ("model", "live", "expected"),
    [
        ("claude-sonnet-4-5-20250929", None, []),
        (
            "claude-haiku-4-5-20251001",
            None,
            [
                "defaults.model: 'claude-haiku-4-5-20251001' is not a known port "
                "model; did you mean 'claude-sonnet-4-5-20250929'?"
            ],
        ),
        (
            "claude-haiku-4-5-20251001",
            live_state(live_provider("port", {"claude-haiku-4-5-20251001": True})),
            [],
        ),
    ],
)
def test_default_may_point_at_port(
    model: str, live: LiveState | None, expected: list[str]
) -> None:
    desired = desired_state(defaults=Defaults("port", model))

    assert messages(desired, live) == expected


def test_default_model_of_a_custom_catalog_must_be_listed() -> None:
    provider = DesiredProvider("openai-compatible", config=GATEWAY)
    desired = desired_state(provider, defaults=Defaults("openai-compatible", "gw"))

    assert messages(desired) == [
        "defaults.model: 'gw' is not a name in openai-compatible's config.models "
        "(known: gw-model)"
    ]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            {**BEDROCK, "region": "eu-central-10"},
            "providers.bedrock.config.region: has a two-digit suffix, which Port's "
            "region rule does not accept (one digit only, as in eu-central-1)",
        ),
        (
            {**BEDROCK, "roleArn": "arn:aws:iam::123456789012:role/team/port"},
            "providers.bedrock.config.roleArn: uses an IAM role path "
            "(role/path/name), which Port does not support; use a role without a path",
        ),
        (
            {**BEDROCK, "roleArn": "arn:aws:iam::1234:role/port"},
            "providers.bedrock.config.roleArn: must hold a 12-digit AWS account id "
            "after 'arn:aws:iam::'",
        ),
        (
            {**BEDROCK, "roleArn": "arn:aws:iam::123456789012:user/port"},
            "providers.bedrock.config.roleArn: names an IAM user; Port assumes a "
            "role, so give a role ARN",
        ),
    ],
)
def test_bedrock_region_and_role_are_explained(config: dict, expected: str) -> None:
    desired = desired_state(DesiredProvider("bedrock", config=config))

    assert messages(desired) == [expected]


def test_problems_are_located_through_marks() -> None:
    desired = desired_state(defaults=Defaults("openai", "gpt-5"))

    [problem] = check_desired(desired)

    assert str(problem) == (
        "llmconf.yaml:3:3: defaults.provider: 'openai' is not declared under providers"
    )


def test_absent_providers_are_not_checked_for_models() -> None:
    desired = desired_state(DesiredProvider("openai", absent=True, only=("nope",)))

    assert messages(desired) == []


def test_offline_defers_what_live_state_could_settle() -> None:
    from llmconf.config import check_offline

    desired = desired_state(
        DesiredProvider("anthropic", config={"apiKeySecretName": "k"}, only=("new-x",)),
        defaults=Defaults("openai", "gpt-5"),
    )

    problems, deferred = check_offline(desired)

    assert problems == []
    assert sorted(p.path for p in deferred) == [
        "defaults.provider",
        "providers.anthropic.models[0]",
    ]


@pytest.mark.parametrize(
    ("provider", "defaults", "path"),
    [
        (
            DesiredProvider("openai", absent=True),
            Defaults("openai", "gpt-5"),
            "defaults.provider",
        ),
        (
            DesiredProvider("openai-compatible", config=GATEWAY, only=("other-model",)),
            None,
            "providers.openai-compatible.models[0]",
        ),
        (
            DesiredProvider("openai", enabled=False, config={"apiKeySecretName": "k"}),
            Defaults("openai", "gpt-5"),
            "defaults.provider",
        ),
    ],
)
def test_offline_keeps_what_no_live_state_could_settle(
    provider, defaults, path
) -> None:
    from llmconf.config import check_offline

    problems, deferred = check_offline(desired_state(provider, defaults=defaults))

    assert [p.path for p in problems] == [path]
    assert deferred == []


def test_offline_keeps_a_default_that_prune_would_delete_anyway() -> None:
    from llmconf.config import check_offline

    desired = desired_state(defaults=Defaults("openai", "gpt-5"), prune=True)

    problems, deferred = check_offline(desired)

    assert [p.message for p in problems] == [
        "'openai' is not declared under providers, so prune: true deletes it"
    ]
    assert deferred == []
