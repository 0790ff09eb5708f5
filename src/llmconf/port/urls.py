"""Which Port API base URL a run talks to: flag, environment, config file, default."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from llmconf.catalog import REGION_URLS
from llmconf.errors import UsageError
from llmconf.state import CredentialsEnv

DEFAULT_BASE_URL = REGION_URLS["eu"]


def resolve_base_url(
    cli_url: str | None,
    env: Mapping[str, str],
    names: CredentialsEnv,
    file_port: str | None,
) -> str:
    """Return the base URL to use, without a trailing slash.

    The order is ``--api-url``, then the environment variable ``names.api_url``, then
    the config file's ``port`` (a region or a URL), then Port's EU API. Raises
    UsageError for a value that is neither a region nor an http(s) URL.
    """
    candidates = (
        ("--api-url", cli_url),
        (names.api_url, env.get(names.api_url)),
        ("the config file's port", file_port),
    )
    for origin, raw in candidates:
        value = (raw or "").strip()
        if value:
            return _normalize(value, origin)
    return DEFAULT_BASE_URL


def _normalize(value: str, origin: str) -> str:
    """Return ``value`` as a base URL, expanding region names."""
    region = REGION_URLS.get(value.lower())
    if region:
        return region

    parts = urlsplit(value)
    if "@" in parts.netloc:
        # Credentials in the URL would end up in logs and error messages.
        raise UsageError(f"{origin}: a base URL must not carry a user or password")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        regions = ", ".join(REGION_URLS)
        raise UsageError(
            f"{origin} is {value!r}: expected a region ({regions}) "
            "or an http:// or https:// URL"
        )
    try:
        _ = parts.port  # raises on a port outside 0-65535
    except ValueError:
        raise UsageError(
            f"{origin} is {value!r}: the port must be a number from 0 to 65535"
        ) from None
    if parts.query or parts.fragment:
        raise UsageError(
            f"{origin} is {value!r}: a base URL takes no query or fragment"
        )
    return value.rstrip("/")
