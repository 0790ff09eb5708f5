"""Desired + live state → an ordered, checked plan."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from llmconf.catalog import PROVIDER_TYPES, SENSITIVE_FIELDS
from llmconf.config.models import known_models
from llmconf.normalize import foreign_fields, normalize_desired, normalize_live
from llmconf.plan import ABSENT, Action, Change, Plan, fingerprint
from llmconf.safety import find_blockers
from llmconf.state import DesiredProvider, DesiredState, LiveProvider, LiveState


def build_plan(
    desired: DesiredState,
    live: LiveState,
    *,
    targets: tuple[str, ...] = (),
    mass_change_share: float = 0.5,
    allow_mass_change: bool = False,
) -> Plan:
    """Return the plan that makes ``live`` match ``desired``.

    ``targets`` limits the plan to those provider types (and leaves defaults alone
    unless they point at a targeted provider). Safety findings are collected in
    ``plan.blockers``; the plan is still returned so it can be shown.
    """
    in_scope = _scope(targets)
    provider_actions = [
        action
        for kind in sorted(desired.providers)
        if in_scope(kind)
        for action in _provider_actions(desired.providers[kind], live)
    ]
    provider_actions += _prune_actions(desired, live, in_scope)
    defaults_action = _defaults_action(desired, live, in_scope)

    plan = Plan(
        actions=_order(provider_actions, defaults_action, live),
        unmanaged=_unmanaged(desired, live),
        live_defaults=live.defaults,
        desired_defaults=desired.defaults,
        config_path=str(desired.source),
        api_url=live.api_url,
        sandbox=live.sandbox,
        org=live.org,
        live_fingerprint=live_fingerprint(live),
        desired_fingerprint=desired_fingerprint(desired),
        targets=tuple(targets),
    )
    if targets:
        plan.warnings.append(
            "this plan is partial: it considers only " + ", ".join(targets) + "; "
            "run without --target to see every change"
        )
    plan.blockers = find_blockers(
        plan, desired, live, share=mass_change_share, allow_mass=allow_mass_change
    )
    return plan


def live_fingerprint(live: LiveState) -> str:
    """Return a digest of the normalized live state a plan was made from."""
    return fingerprint(
        {
            "providers": {k: normalize_live(p) for k, p in live.providers.items()},
            "defaults": asdict(live.defaults),
            "defaultsSet": live.defaults_set,
        }
    )


def desired_fingerprint(desired: DesiredState) -> str:
    """Return a digest of everything the config file asks for."""
    return fingerprint(
        {
            "providers": {k: asdict(p) for k, p in desired.providers.items()},
            "defaults": asdict(desired.defaults) if desired.defaults else None,
            "prune": desired.prune,
        }
    )


def write_body(desired: DesiredProvider, live: LiveProvider | None) -> dict[str, Any]:
    """Return the complete request body for a provider (POST adds ``provider``)."""
    if desired.only is not None:
        wanted = set(desired.only)
        models = {m: {"enabled": m in wanted} for m in known_models(desired, live)}
    else:
        models = {m: {"enabled": on} for m, on in sorted(desired.overrides.items())}
    # Keys Port set that the file cannot declare are sent back as they are, so a
    # replace of the config does not drop them.
    config = {**(foreign_fields(live) if live else {}), **desired.config}
    body: dict[str, Any] = {"enabled": desired.enabled, "config": config}
    body["overrides"] = {"models": models}
    return body


def _provider_actions(desired: DesiredProvider, live: LiveState) -> list[Action]:
    current = live.providers.get(desired.type)
    if desired.absent:
        if current is None:
            return []
        return [_delete(current, "absent: true in the file")]

    body = write_body(desired, current)
    if current is None:
        if not body["overrides"]["models"]:
            del body["overrides"]
        changes = _additions(normalize_desired(desired, None))
        return [
            Action("create", desired.type, changes, {"provider": desired.type, **body})
        ]

    changes = _changes(normalize_live(current), normalize_desired(desired, current))
    if not changes:
        return []
    disables = current.enabled and not desired.enabled
    return [
        Action(
            "update",
            desired.type,
            changes,
            body,
            expected_updated_at=current.updated_at,
            disables=disables,
        )
    ]


def _delete(current: LiveProvider, reason: str) -> Action:
    return Action(
        "delete",
        current.type,
        reason=reason,
        expected_updated_at=current.updated_at,
        disables=True,
    )


def _prune_actions(desired: DesiredState, live: LiveState, in_scope) -> list[Action]:
    if not desired.prune:
        return []
    return [
        _delete(live.providers[kind], "not in the file, and prune: true")
        for kind in sorted(live.providers)
        if kind not in desired.providers and _deletable(kind) and in_scope(kind)
    ]


def _defaults_action(desired: DesiredState, live: LiveState, in_scope) -> Action | None:
    wanted = desired.defaults
    if wanted is None or not in_scope(wanted.provider):
        return None
    if live.defaults_set and wanted == live.defaults:
        return None
    old = live.defaults
    changes = tuple(
        Change(field, getattr(old, field), getattr(wanted, field))
        for field in ("provider", "model")
        if getattr(old, field) != getattr(wanted, field)
    )
    reason = "" if changes else "the org has no defaults of its own yet; pin these"
    if not live.defaults_set and changes:
        reason = "replaces Port's system defaults"
    body = {"provider": wanted.provider, "model": wanted.model}
    return Action("set_defaults", wanted.provider, changes, body, reason=reason)


def _order(
    provider_actions: list[Action], defaults: Action | None, live: LiveState
) -> list[Action]:
    """Order writes so every reference stays valid.

    Providers are created or updated before the default points at them; the
    default moves away before the provider it points at is deleted or disabled.
    """
    if defaults is None:
        return provider_actions
    old = live.defaults.provider
    new = defaults.body["provider"] if defaults.body else old
    before = [a for a in provider_actions if not _leaves(a, old) or a.provider == new]
    after = [a for a in provider_actions if _leaves(a, old) and a.provider != new]
    after.sort(key=lambda a: a.kind != "update")
    return before + [defaults] + after


def _leaves(action: Action, old_default_provider: str) -> bool:
    if action.kind == "delete":
        return True
    return action.provider == old_default_provider and action.disables


def _unmanaged(desired: DesiredState, live: LiveState) -> list[str]:
    if desired.prune:
        return []
    return sorted(
        k for k in live.providers if k not in desired.providers and _deletable(k)
    )


def _deletable(kind: str) -> bool:
    provider_type = PROVIDER_TYPES.get(kind)
    return provider_type is None or not provider_type.managed_by_port


def _scope(targets: tuple[str, ...]):
    wanted = set(targets)
    return (lambda kind: kind in wanted) if wanted else (lambda kind: True)


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    if old == new:
        return ()
    # Imported here: an empty plan, the usual CI case, never needs the differ.
    from deepdiff import DeepDiff

    diff = DeepDiff(old, new, view="tree")
    changes = []
    for levels in diff.tree.values():
        for level in levels:
            keys = [str(k) for k in level.path(output_format="list")]
            changes.append(
                Change(
                    _dotted(keys),
                    _side(level.t1),
                    _side(level.t2),
                    sensitive=_is_sensitive(keys),
                )
            )
    return tuple(sorted(changes, key=lambda c: _path_order(c.path)))


def _additions(new: dict[str, Any], keys: tuple[str, ...] = ()) -> tuple[Change, ...]:
    changes: list[Change] = []
    for key, value in new.items():
        path = [*keys, str(key)]
        sensitive = _is_sensitive(path)
        if isinstance(value, dict) and value:
            # Header names are shown; their values are masked leaf by leaf.
            changes.extend(_additions(value, tuple(path)))
        else:
            changes.append(Change(_dotted(path), ABSENT, value, sensitive))
    return tuple(sorted(changes, key=lambda c: _path_order(c.path)))


def _dotted(keys: list[str]) -> str:
    """Join path keys; entries of a model list show by name: config.models[name]."""
    if len(keys) >= 3 and keys[:2] == ["config", "models"]:
        head = f"config.models[{keys[2]}]"
        return ".".join([head, *keys[3:]])
    return ".".join(keys)


def _side(value: Any) -> Any:
    from deepdiff.helper import NotPresent

    return ABSENT if isinstance(value, NotPresent) else value


def _is_sensitive(keys: list[str]) -> bool:
    return len(keys) >= 2 and keys[0] == "config" and keys[1] in SENSITIVE_FIELDS


def _path_order(path: str) -> tuple[int, str]:
    rank = {"enabled": 0, "config": 1, "models": 2}
    return rank.get(path.split(".", 1)[0], 3), path
