"""Safety rules: protection, orphaned defaults and mass changes block a plan."""

from __future__ import annotations

from llmconf.planner import build_plan
from llmconf.state import Defaults, DesiredProvider
from tests.planner.test_planner import OPENAI_LIVE, desired, live, live_provider


def test_protected_provider_cannot_be_deleted():
    plan = build_plan(
        desired(DesiredProvider("openai", absent=True, protect=True)), live(OPENAI_LIVE)
    )

    assert plan.blockers == [
        "provider openai has protect: true, so this plan may not delete it; "
        "remove protect: true first if that is really wanted"
    ]


def test_deleting_the_default_holder_without_moving_it_is_refused():
    state = live(OPENAI_LIVE, defaults=Defaults("openai", "gpt-5"), defaults_set=True)

    plan = build_plan(desired(DesiredProvider("openai", absent=True)), state)

    assert len(plan.blockers) == 1
    assert "the org default is openai/gpt-5" in plan.blockers[0]


def test_disabling_the_default_holder_without_moving_it_is_refused():
    state = live(OPENAI_LIVE, defaults=Defaults("openai", "gpt-5"), defaults_set=True)
    off = DesiredProvider("openai", enabled=False, config=dict(OPENAI_LIVE.config))

    plan = build_plan(desired(off), state)

    assert "disables openai" in plan.blockers[0]


def test_mass_deletes_need_explicit_permission():
    current = [
        live_provider(kind, {"apiKeySecretName": kind})
        for kind in ("openai", "anthropic", "azure-anthropic")
    ]

    blocked = build_plan(desired(prune=True), live(*current))
    allowed = build_plan(desired(prune=True), live(*current), allow_mass_change=True)

    assert "--allow-mass-change" in blocked.blockers[0]
    assert allowed.blockers == []
    assert allowed.count("delete") == 3


def test_single_delete_is_never_a_mass_change():
    plan = build_plan(desired(prune=True), live(OPENAI_LIVE))

    assert plan.blockers == []


def test_turning_off_the_default_model_without_moving_it_is_refused():
    current = live_provider(
        "anthropic",
        {"apiKeySecretName": "k"},
        effective={"claude-opus-4-6": True, "claude-haiku-4-5-20251001": True},
    )
    state = live(
        current, defaults=Defaults("anthropic", "claude-opus-4-6"), defaults_set=True
    )
    off = DesiredProvider(
        "anthropic",
        config={"apiKeySecretName": "k"},
        overrides={"claude-opus-4-6": False},
    )

    plan = build_plan(desired(off), state)

    assert plan.blockers == [
        "the org default is anthropic/claude-opus-4-6 and this plan turns off "
        "claude-opus-4-6 on anthropic without moving the default; add a defaults: "
        "section that points at a provider and model that stay enabled"
    ]
