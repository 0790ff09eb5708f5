"""Which models a provider knows and turns on: one rule for checks and plans."""

from __future__ import annotations

from llmconf.catalog import PROVIDER_TYPES, catalog_for
from llmconf.state import DesiredProvider, LiveProvider


def known_models(
    desired: DesiredProvider, live: LiveProvider | None = None
) -> tuple[str, ...]:
    """Return the model ids ``desired`` may name: its catalog, then ids Port reports.

    A custom-catalog type's ``config.models`` is its whole catalog, so live ids of
    such a type are not added: the desired list replaces them.
    """
    catalog = catalog_for(desired.type, desired.config)
    kind = PROVIDER_TYPES.get(desired.type)
    if live is None or (kind is not None and kind.custom_catalog):
        return catalog
    extra = tuple(m for m in live.effective if m not in catalog)
    return catalog + extra


def effective_models(
    desired: DesiredProvider, live: LiveProvider | None = None
) -> dict[str, bool]:
    """Return ``{model_id: enabled}`` for every known model once ``desired`` applies.

    The ``only`` form turns listed models on and all others off; the overrides form
    leaves unlisted models on, as Port does.
    """
    known = known_models(desired, live)
    if desired.only is not None:
        chosen = set(desired.only)
        return {model: model in chosen for model in known}
    return {model: desired.overrides.get(model, True) for model in known}
