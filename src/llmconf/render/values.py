"""How single values are shown in every renderer, with sensitive ones masked."""

from __future__ import annotations

import json
from typing import Any

from llmconf.plan import ABSENT, Change
from llmconf.redact import MASK, scrub


def show(value: Any, *, sensitive: bool = False) -> str:
    """Return ``value`` as compact JSON text, masked when sensitive."""
    if value is ABSENT:
        return "(absent)"
    if sensitive:
        return MASK
    return scrub(json.dumps(value, sort_keys=True, ensure_ascii=False))


def masked(change: Change) -> tuple[Any, Any]:
    """Return the (old, new) pair of a change as it may be shown or saved."""
    if not change.sensitive:
        return change.old, change.new
    return (
        change.old if change.old is ABSENT else MASK,
        change.new if change.new is ABSENT else MASK,
    )
