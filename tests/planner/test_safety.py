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
