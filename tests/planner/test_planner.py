"""Planner: actions, field changes, ordering and normalization against live state."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmconf.catalog import CLAUDE_MODELS
from llmconf.plan import ABSENT
from llmconf.planner import build_plan, write_body
from llmconf.state import (
    Defaults,
    DesiredProvider,
    DesiredState,
    LiveProvider,
    LiveState,
)

SYSTEM = Defaults("port", "claude-sonnet-4-5-20250929")


def desired(*providers: DesiredProvider, defaults=None, prune=False) -> DesiredState:
    return DesiredState(
        source=Path("llmconf.yaml"),
        providers={p.type: p for p in providers},
        defaults=defaults,
        prune=prune,
    )


def live(*providers: LiveProvider, defaults=SYSTEM, defaults_set=False) -> LiveState:
    return LiveState({p.type: p for p in providers}, defaults, defaults_set)


def live_provider(kind, config, *, enabled=True, effective=None, stamp="t1"):
    models = effective or {"gpt-5": True}
    return LiveProvider(kind, enabled, config, {}, models, updated_at=stamp)


BEDROCK_HAIKU = DesiredProvider(
    "bedrock",
    config={"roleArn": "arn:aws:iam::123456789012:role/r", "region": "eu-west-1"},
    only=("claude-haiku-4-5-20251001",),
)
OPENAI = DesiredProvider("openai", config={"apiKeySecretName": "openai-api-key"})
OPENAI_LIVE = live_provider("openai", {"apiKeySecretName": "openai-api-key"})


def test_create_lists_every_field_and_sends_complete_body():
    plan = build_plan(desired(OPENAI), live())

    [action] = plan.actions
    assert action.kind == "create"
    assert action.body == {
        "provider": "openai",
        "enabled": True,
        "config": {"apiKeySecretName": "openai-api-key"},
    }
    paths = {c.path: c.new for c in action.changes}
    assert paths == {
        "enabled": True,
        "config.apiKeySecretName": "openai-api-key",
        "models.gpt-5": True,
    }
    assert all(c.old is ABSENT for c in action.changes)


def test_matching_live_provider_plans_nothing():
    plan = build_plan(desired(OPENAI), live(OPENAI_LIVE))

    assert plan.is_empty
    assert plan.unmanaged == []


@pytest.mark.parametrize(
    "live_config",
    [
        {"apiKeySecretName": "openai-api-key", "guardrailIdentifier": None},
        {"apiKeySecretName": "openai-api-key", "extra": ""},
        {"apiKeySecretName": "openai-api-key", "customHeaders": {}},
    ],
)
def test_server_echoed_empty_values_are_not_drift(live_config):
    plan = build_plan(desired(OPENAI), live(live_provider("openai", live_config)))

    assert plan.is_empty


def test_update_shows_only_changed_fields():
    changed = live_provider("openai", {"apiKeySecretName": "old-key"}, enabled=False)

    [action] = build_plan(desired(OPENAI), live(changed)).actions

    assert action.kind == "update"
    assert [(c.path, c.old, c.new) for c in action.changes] == [
        ("enabled", False, True),
        ("config.apiKeySecretName", "old-key", "openai-api-key"),
    ]
    assert action.expected_updated_at == "t1"
    assert action.body["overrides"] == {"models": {}}


def test_custom_header_values_are_marked_sensitive():
    gateway = DesiredProvider(
        "openai-compatible",
        config={
            "baseUrl": "https://gw.example/v1",
            "customHeaders": {"X-Token": "new"},
            "models": [{"name": "my-model"}],
        },
    )
    current = live_provider(
        "openai-compatible",
        {
            "baseUrl": "https://gw.example/v1",
            "customHeaders": {"X-Token": "old"},
            "models": [{"name": "my-model"}],
        },
        effective={"my-model": True},
    )

    [action] = build_plan(desired(gateway), live(current)).actions

    [change] = action.changes
    assert change.path == "config.customHeaders.X-Token"
    assert change.sensitive


def test_model_list_order_is_not_drift():
    models = [{"name": "model-a"}, {"name": "model-b", "contextWindow": 5}]
    gateway = DesiredProvider(
        "openai-compatible", config={"baseUrl": "https://gw/v1", "models": models}
    )
    current = live_provider(
        "openai-compatible",
        {"baseUrl": "https://gw/v1", "models": list(reversed(models))},
        effective={"model-a": True, "model-b": True},
    )

    assert build_plan(desired(gateway), live(current)).is_empty


def test_only_form_disables_catalog_and_live_known_models():
    bedrock = BEDROCK_HAIKU
    current = live_provider(
        "bedrock",
        dict(bedrock.config),
        effective={m: True for m in CLAUDE_MODELS + ("claude-future-9",)},
    )

    body = write_body(bedrock, current)

    assert body["overrides"]["models"]["claude-future-9"] == {"enabled": False}
    assert body["overrides"]["models"]["claude-haiku-4-5-20251001"] == {"enabled": True}
    assert len(body["overrides"]["models"]) == len(CLAUDE_MODELS) + 1


def test_overrides_are_compared_through_their_effect():
    anthropic = DesiredProvider(
        "anthropic",
        config={"apiKeySecretName": "k"},
        overrides={"claude-opus-4-6": True},
    )
    current = live_provider(
        "anthropic",
        {"apiKeySecretName": "k"},
        effective=dict.fromkeys(CLAUDE_MODELS, True),
    )

    assert build_plan(desired(anthropic), live(current)).is_empty


def test_unmanaged_providers_are_listed_not_deleted():
    plan = build_plan(desired(), live(OPENAI_LIVE))

    assert plan.is_empty
    assert plan.unmanaged == ["openai"]


def test_prune_deletes_unmanaged_but_never_port():
    port = live_provider("port", {}, effective={"claude-sonnet-4-5-20250929": True})

    plan = build_plan(desired(prune=True), live(OPENAI_LIVE, port))

    assert [(a.kind, a.provider) for a in plan.actions] == [("delete", "openai")]


def test_absent_deletes_only_when_live():
    gone = DesiredProvider("openai", absent=True)

    assert [a.kind for a in build_plan(desired(gone), live(OPENAI_LIVE)).actions] == [
        "delete"
    ]
    assert build_plan(desired(gone), live()).is_empty


def test_default_is_set_after_its_provider_is_created():
    wanted = Defaults("openai", "gpt-5")

    plan = build_plan(desired(OPENAI, defaults=wanted), live())

    assert [a.kind for a in plan.actions] == ["create", "set_defaults"]
    assert plan.actions[1].body == {"provider": "openai", "model": "gpt-5"}


def test_default_moves_before_its_old_provider_is_deleted():
    anthropic_live = live_provider(
        "anthropic", {"apiKeySecretName": "k"}, effective={"claude-opus-4-6": True}
    )
    state = live(
        OPENAI_LIVE,
        anthropic_live,
        defaults=Defaults("anthropic", "claude-opus-4-6"),
        defaults_set=True,
    )
    wanted = desired(
        OPENAI,
        DesiredProvider("anthropic", absent=True),
        defaults=Defaults("openai", "gpt-5"),
    )

    plan = build_plan(wanted, state)

    assert [(a.kind, a.provider) for a in plan.actions] == [
        ("set_defaults", "openai"),
        ("delete", "anthropic"),
    ]


def test_default_already_set_plans_nothing():
    state = live(OPENAI_LIVE, defaults=Defaults("openai", "gpt-5"), defaults_set=True)

    assert build_plan(
        desired(OPENAI, defaults=Defaults("openai", "gpt-5")), state
    ).is_empty


def test_system_defaults_get_pinned_when_the_file_names_them():
    plan = build_plan(desired(defaults=SYSTEM), live())

    assert [a.kind for a in plan.actions] == ["set_defaults"]


def test_targets_limit_the_plan_and_warn():
    anthropic = DesiredProvider("anthropic", config={"apiKeySecretName": "k"})

    plan = build_plan(desired(OPENAI, anthropic), live(), targets=("anthropic",))

    assert [a.provider for a in plan.actions] == ["anthropic"]
    assert "partial" in plan.warnings[0]


def test_fingerprints_follow_content_not_timestamps():
    first = build_plan(desired(OPENAI), live(OPENAI_LIVE))
    restamped = live_provider("openai", dict(OPENAI_LIVE.config), stamp="t2")
    second = build_plan(desired(OPENAI), live(restamped))
    drifted = live_provider("openai", {"apiKeySecretName": "other"})
    third = build_plan(desired(OPENAI), live(drifted))

    assert first.live_fingerprint == second.live_fingerprint
    assert first.live_fingerprint != third.live_fingerprint
    assert first.desired_fingerprint == third.desired_fingerprint


def test_created_custom_headers_show_names_not_values():
    gateway = DesiredProvider(
        "openai-compatible",
        config={
            "baseUrl": "https://gw.example/v1",
            "customHeaders": {"X-Token": "abc-secret-value"},
            "models": [{"name": "my-model"}],
        },
    )

    [action] = build_plan(desired(gateway), live()).actions

    header = next(c for c in action.changes if "customHeaders" in c.path)
    assert header.path == "config.customHeaders.X-Token"
    assert header.sensitive


def test_live_fields_the_file_cannot_declare_are_kept_not_removed():
    current = live_provider(
        "openai", {"apiKeySecretName": "old-key", "someNewPortField": "x"}
    )

    [action] = build_plan(desired(OPENAI), live(current)).actions

    assert [c.path for c in action.changes] == ["config.apiKeySecretName"]
    assert action.body["config"] == {
        "apiKeySecretName": "openai-api-key",
        "someNewPortField": "x",
    }


def test_declarable_live_field_missing_from_the_file_is_removed():
    bedrock = BEDROCK_HAIKU
    current = live_provider(
        "bedrock",
        {**bedrock.config, "guardrailIdentifier": "gr-1"},
        effective=effective_of(bedrock),
    )

    [action] = build_plan(desired(bedrock), live(current)).actions

    assert [(c.path, c.new) for c in action.changes] == [
        ("config.guardrailIdentifier", ABSENT)
    ]


def effective_of(provider: DesiredProvider) -> dict[str, bool]:
    from llmconf.config.models import effective_models

    return effective_models(provider, None)
