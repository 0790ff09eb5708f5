"""Cross-field checks of a desired state: model ids, defaults, protection, Bedrock."""

from __future__ import annotations

import difflib

from llmconf.catalog import (
    PROVIDER_TYPES,
    SYSTEM_DEFAULT_MODEL,
    SYSTEM_DEFAULT_PROVIDER,
    catalog_for,
)
from llmconf.config.aws import explain_region, explain_role_arn
from llmconf.config.models import effective_models, known_models
from llmconf.config.yamlnodes import dotted
from llmconf.errors import Problem
from llmconf.redact import scrub
from llmconf.state import (
    Defaults,
    DesiredProvider,
    DesiredState,
    JsonPath,
    LiveProvider,
    LiveState,
)


def check_desired(
    desired: DesiredState, live: LiveState | None = None
) -> list[Problem]:
    """Return every cross-field problem of ``desired``, sorted.

    With ``live`` None only the file and the catalog are known, so a default provider
    that the file does not declare, or a model id outside the catalog, is a problem;
    with live state, what Port already reports counts as known.
    """
    problems: list[Problem] = []
    for name, provider in desired.providers.items():
        live_provider = live.providers.get(name) if live else None
        for path, message in _check_provider(name, provider, live_provider):
            problems.append(_problem(desired, path, message))
    for path, message in _check_defaults(desired, live):
        problems.append(_problem(desired, path, message))
    return sorted(problems)


def check_offline(desired: DesiredState) -> tuple[list[Problem], list[Problem]]:
    """Return (problems, deferred) for a check without live state.

    ``deferred`` are findings that live state could settle (a model Port reports, a
    default provider already on Port); plan and apply check them against Port.
    """
    strict = check_desired(desired, None)
    # Matched by place, not message: any live state still finds a problem there,
    # and its message says why (e.g. "prune: true deletes it").
    anywhere = {
        (p.line, p.col, p.path): p
        for p in check_desired(desired, _anything_live(desired))
    }
    kept, deferred = [], []
    for problem in strict:
        place = (problem.line, problem.col, problem.path)
        (kept if place in anywhere else deferred).append(anywhere.get(place, problem))
    return kept, deferred


def _anything_live(desired: DesiredState) -> LiveState:
    """A live org that has every provider type on, with every model the file names."""
    named = {m for p in desired.providers.values() for m in (p.only or ())}
    named |= {m for p in desired.providers.values() for m in p.overrides}
    if desired.defaults is not None:
        named.add(desired.defaults.model)
    kinds = set(PROVIDER_TYPES) | set(desired.providers)
    if desired.defaults is not None:
        kinds.add(desired.defaults.provider)
    providers = {
        kind: LiveProvider(kind, True, {}, {}, dict.fromkeys(sorted(named), True))
        for kind in kinds
    }
    return LiveState(providers, Defaults(SYSTEM_DEFAULT_PROVIDER, SYSTEM_DEFAULT_MODEL))


def _problem(desired: DesiredState, path: JsonPath, message: str) -> Problem:
    line, col = desired.locate(path)
    return Problem(str(desired.source), line, col, scrub(dotted(path)), scrub(message))


def _check_provider(name, provider: DesiredProvider, live_provider) -> list:
    if provider.absent:
        return []

    found = []
    base: JsonPath = ("providers", name)
    if provider.protect and not provider.enabled:
        message = "protect: true forbids disabling this provider; drop one of the two"
        found.append((base + ("enabled",), message))
    if name == "bedrock":
        found.extend(_check_bedrock(provider.config))

    known = known_models(provider, live_provider)
    for index, model in enumerate(provider.only or ()):
        if model not in known:
            found.append((base + ("models", index), _unknown(name, model, known)))
    for model in provider.overrides:
        if model not in known:
            path = base + ("overrides", "models", model)
            found.append((path, _unknown(name, model, known)))
    return found


def _check_bedrock(config: dict) -> list:
    found = []
    base: JsonPath = ("providers", "bedrock", "config")
    region, role = config.get("region"), config.get("roleArn")
    if isinstance(region, str) and (message := explain_region(region)):
        found.append((base + ("region",), message))
    if isinstance(role, str) and (message := explain_role_arn(role)):
        found.append((base + ("roleArn",), message))
    return found


def _unknown(provider: str, model: str, known: tuple[str, ...]) -> str:
    kind = PROVIDER_TYPES.get(provider)
    if kind is not None and kind.custom_catalog:
        where = f"is not a name in {provider}'s config.models"
    else:
        where = f"is not a known {provider} model"
    close = difflib.get_close_matches(model, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listing = f" (known: {', '.join(known)})" if known and not close else ""
    return f"'{model}' {where}{hint}{listing}"


def _check_defaults(desired: DesiredState, live: LiveState | None) -> list:
    defaults = desired.defaults
    if defaults is None:
        return []

    name = defaults.provider
    where: JsonPath = ("defaults", "provider")
    live_provider = live.providers.get(name) if live else None
    declared = desired.providers.get(name)
    if name == SYSTEM_DEFAULT_PROVIDER:
        models = {m: True for m in catalog_for(name)}
        models.update(live_provider.effective if live_provider else {})
    elif declared is not None and declared.absent:
        return [(where, f"'{name}' is deleted by this file (absent: true)")]
    elif declared is not None:
        if not declared.enabled:
            return [(where, f"'{name}' is disabled (enabled: false) in this file")]
        models = effective_models(declared, live_provider)
    else:
        problem = _undeclared(name, desired, live_provider, live is not None)
        if problem:
            return [(where, problem)]
        models = live_provider.effective

    return _check_default_model(name, defaults.model, models)


def _undeclared(
    name, desired: DesiredState, live_provider, has_live: bool
) -> str | None:
    if live_provider is None:
        tail = " and is not configured on Port" if has_live else ""
        return f"'{name}' is not declared under providers{tail}"
    if desired.prune:
        return f"'{name}' is not declared under providers, so prune: true deletes it"
    if not live_provider.enabled:
        return f"'{name}' is not declared under providers and is disabled on Port"
    return None


def _check_default_model(provider: str, model: str, models: dict[str, bool]) -> list:
    where: JsonPath = ("defaults", "model")
    if model not in models:
        return [(where, _unknown(provider, model, tuple(models)))]
    if not models[model]:
        message = f"'{model}' is turned off on '{provider}'; turn it on or pick another"
        return [(where, message)]
    return []
