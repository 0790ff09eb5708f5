"""Safety rules a plan must pass before any write: protection, defaults, mass change."""

from __future__ import annotations

from llmconf.plan import Action, Plan
from llmconf.state import DesiredState, LiveState


def find_blockers(
    plan: Plan,
    desired: DesiredState,
    live: LiveState,
    *,
    share: float,
    allow_mass: bool,
) -> list[str]:
    """Return a message for every rule the plan breaks; empty when it is safe."""
    blockers = _protected(plan.actions, desired)
    blockers += _orphaned_default(plan.actions, desired, live)
    if not allow_mass:
        blockers += _mass_change(plan.actions, live, share)
    return blockers


def _protected(actions: list[Action], desired: DesiredState) -> list[str]:
    messages = []
    for action in actions:
        entry = desired.providers.get(action.provider)
        if entry is None or not entry.protect or not action.disables:
            continue
        verb = "delete" if action.kind == "delete" else "disable"
        messages.append(
            f"provider {action.provider} has protect: true, so this plan may not "
            f"{verb} it; remove protect: true first if that is really wanted"
        )
    return messages


def _orphaned_default(
    actions: list[Action], desired: DesiredState, live: LiveState
) -> list[str]:
    if desired.defaults is not None or not live.defaults_set:
        return []
    holder, model = live.defaults.provider, live.defaults.model
    for action in actions:
        if action.provider != holder:
            continue
        if action.disables:
            verb = "deletes" if action.kind == "delete" else "disables"
        elif _turns_off(action, model):
            verb = f"turns off {model} on"
        else:
            continue
        return [
            f"the org default is {holder}/{model} and this plan {verb} {holder} "
            "without moving the default; add a defaults: section that points at a "
            "provider and model that stay enabled"
        ]
    return []


def _turns_off(action: Action, model: str) -> bool:
    return any(c.path == f"models.{model}" and c.new is False for c in action.changes)


def _mass_change(actions: list[Action], live: LiveState, share: float) -> list[str]:
    managed_live = [k for k in live.providers if k != "port"]
    affected = [a.provider for a in actions if a.disables]
    if len(affected) < 2 or not managed_live:
        return []
    if len(affected) / len(managed_live) <= share:
        return []
    return [
        f"this plan deletes or disables {len(affected)} of {len(managed_live)} live "
        f"providers ({', '.join(affected)}), more than {share:.0%}; "
        "pass --allow-mass-change if that is intended"
    ]
