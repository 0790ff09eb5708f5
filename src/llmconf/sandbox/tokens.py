"""JWT-shaped access tokens like Port's: an HS256 signature over orgId and clientId."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

_HEADER = {"alg": "HS256", "typ": "JWT"}


def signing_key(state: dict[str, Any]) -> bytes:
    """Return the state's random signing key, creating it on first use."""
    key = state.get("signingKey")
    if not isinstance(key, str) or not key:
        key = secrets.token_hex(32)
        state["signingKey"] = key
    return key.encode()


def make_token(state: dict[str, Any], client_id: str, now: float, life: int) -> str:
    """Return a signed token for ``client_id`` in the state's organization."""
    claims = {
        "orgId": state["organization"]["id"],
        "clientId": client_id,
        "iat": int(now),
        "exp": int(now) + life,
        # A nonce keeps two tokens issued in the same second apart.
        "jti": secrets.token_hex(8),
    }
    signed = f"{_encode(_HEADER)}.{_encode(claims)}"
    signature = hmac.new(signing_key(state), signed.encode(), hashlib.sha256)
    return f"{signed}.{_b64(signature.digest())}"


def verify_token(state: dict[str, Any], token: str) -> bool:
    """Return True when ``token`` carries a valid signature of this state's key."""
    signed, _, signature = token.rpartition(".")
    if not signed or "signingKey" not in state:
        return False
    expected = hmac.new(signing_key(state), signed.encode(), hashlib.sha256)
    return hmac.compare_digest(_b64(expected.digest()), signature)


def _encode(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
