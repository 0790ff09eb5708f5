"""Masking of secret-looking values, applied to every text llmconf prints or saves."""

from __future__ import annotations

import re

MASK = "(sensitive)"

# Key shapes that must never be printed: OpenAI, Anthropic, AWS access key ids,
# bearer tokens and JWTs.
_KEY_PATTERNS = re.compile(
    r"sk-ant-[A-Za-z0-9_\-]{8,}"
    r"|sk-[A-Za-z0-9_\-]{16,}"
    r"|(?:AKIA|ASIA)[A-Z0-9]{16}"
    r"|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{8,}"
)

_registered: set[str] = set()


def register(value: str | None) -> None:
    """Remember a secret value (token, client secret) so any later text masks it."""
    if value and len(value) >= 4:
        _registered.add(value)


def looks_like_key(value: str) -> bool:
    """Return True when ``value`` has the shape of an API key or token."""
    return bool(_KEY_PATTERNS.search(value))


def scrub(text: str) -> str:
    """Return ``text`` with every registered secret and key-shaped string masked."""
    for secret in sorted(_registered, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return _KEY_PATTERNS.sub(MASK, text)


def forget_all() -> None:
    """Drop every registered value (for a new run in the same process, as tests do)."""
    _registered.clear()
