"""Port credentials from the environment, and the cached bearer token."""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from llmconf import redact
from llmconf.errors import AuthError
from llmconf.state import CredentialsEnv

# Refresh a little before Port's stated expiry so a call never races the deadline.
_EXPIRY_MARGIN_SECONDS = 60.0

# HTTP headers and Port's credentials are printable ASCII; anything else is a paste
# accident (a line break, a smart quote) that would otherwise reach httpx.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]+")
# Fragments shorter than this are too common to mask without hiding ordinary words.
_MIN_FRAGMENT = 8
# Only a name of this shape is shown: anything else may be a secret pasted as a name.
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Credentials:
    """Either a ready bearer token, or a client id and secret to obtain one."""

    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        register_secret(self.client_secret)
        register_secret(self.token)

    @property
    def can_refresh(self) -> bool:
        """Return True when a client id and secret allow asking for a new token."""
        return bool(self.client_id and self.client_secret)


def credentials_from_env(env: Mapping[str, str], names: CredentialsEnv) -> Credentials:
    """Return the Port credentials found in ``env`` under the variable ``names``.

    A ready token wins over a client id and secret. Raises AuthError naming the
    variables to set when neither form is complete.
    """
    token = _value(env, names.token)
    if token:
        return Credentials(token=token)

    client_id = _value(env, names.client_id)
    client_secret = _value(env, names.client_secret)
    if client_id and client_secret:
        return Credentials(client_id=client_id, client_secret=client_secret)

    missing = [
        _shown(name)
        for name, value in (
            (names.client_id, client_id),
            (names.client_secret, client_secret),
        )
        if not value
    ]
    if len(missing) == 1:
        raise AuthError(
            f"Port credentials are incomplete: {missing[0]} is not set "
            f"(or set {_shown(names.token)} to a ready token)"
        )
    raise AuthError(
        f"no Port credentials: set {_shown(names.client_id)} and "
        f"{_shown(names.client_secret)}, or {_shown(names.token)}"
    )


def _shown(name: str) -> str:
    """Return ``name`` for a message, or a description when it is not a name."""
    if _ENV_NAME.fullmatch(name):
        return name
    return "the environment variable the config file names"


def register_secret(value: str | None) -> None:
    """Have every later text mask ``value``, and its parts when it holds odd characters.

    A library may quote a value split at a line break or escaped (``\\n``), so the
    whole value alone would not match; each long enough fragment is masked too.
    """
    if not value:
        return
    redact.register(value)
    redact.register(value.encode("unicode_escape").decode("ascii"))
    for fragment in _NOT_PRINTABLE_ASCII.split(value):
        if len(fragment) >= _MIN_FRAGMENT:
            redact.register(fragment)


def org_from_token(token: str) -> str | None:
    """Return the ``orgId`` claim of a JWT-shaped token, unverified; None otherwise.

    Only Port can verify the signature; the claim just names the org a plan is for.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        return None
    org = claims.get("orgId") if isinstance(claims, dict) else None
    return org if isinstance(org, str) and org else None


def _value(env: Mapping[str, str], name: str) -> str | None:
    """Return the stripped value of ``name``; raise AuthError when it cannot be sent.

    The message names the variable only: the value is a secret.
    """
    # Values pasted from secret stores often end in a newline; Port never wants it.
    value = (env.get(name) or "").strip()
    if _CONTROL.search(value):
        register_secret(value)
        raise AuthError(
            f"{_shown(name)} contains a line break or other control character; "
            "set it to the value alone"
        )
    if not value.isascii():
        register_secret(value)
        raise AuthError(
            f"{_shown(name)} contains a non-ASCII character; Port credentials are "
            "plain ASCII, so check it was copied without quotes or accents"
        )
    return value or None


class TokenCache:
    """Holds the current bearer token and when it must be renewed; thread safe."""

    def __init__(self, credentials: Credentials, clock: Callable[[], float]) -> None:
        self._credentials = credentials
        self._clock = clock
        self._token = credentials.token
        self._renew_at: float | None = None
        self.lock = threading.RLock()

    def current(self) -> str | None:
        """Return the cached token, or None when there is none or it is due."""
        with self.lock:
            if self._token is None:
                return None
            if self._renew_at is not None and self._clock() >= self._renew_at:
                return None
            return self._token

    def store(self, token: str, expires_in: float | None) -> None:
        """Remember a token Port issued and when to ask for the next one."""
        register_secret(token)
        with self.lock:
            self._token = token
            if expires_in is None or expires_in <= 0:
                self._renew_at = None
                return
            margin = min(_EXPIRY_MARGIN_SECONDS, expires_in / 10)
            self._renew_at = self._clock() + expires_in - margin

    def discard(self, token: str) -> bool:
        """Forget a refused ``token``; return True when a new one may be obtained.

        Another thread may already have replaced it, which counts as renewed.
        """
        with self.lock:
            if not self._credentials.can_refresh:
                return False
            if self._token == token:
                self._token = None
            return True
