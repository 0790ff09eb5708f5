"""How single values are shown in every renderer, with sensitive ones masked."""

from __future__ import annotations

import json
import re
from typing import Any

from llmconf.plan import ABSENT, Change
from llmconf.redact import MASK, scrub

# C0 and C1 control characters, DEL and the bidirectional overrides: a name from
# Port holding one could move the cursor, retitle the terminal or reorder text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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


def printable(text: str) -> str:
    """Return ``text`` with each control character written as a ``\\x1b`` escape.

    Every name or message that comes from Port goes through this before it is
    printed, so a crafted provider type cannot drive the terminal.
    """
    return _CONTROL.sub(_escape_control, text)


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
