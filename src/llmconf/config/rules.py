"""Load-time rules JSON Schema cannot say well: pasted keys, URL credentials, names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from llmconf.redact import looks_like_key
from llmconf.state import JsonPath

Finding = tuple[JsonPath, str]

LITERAL_KEY = (
    "looks like a literal API key; put the key in a Port secret and reference its name"
)

LITERAL_KEY_FROM_ENV = (
    "the environment variable used here holds what looks like a literal API key; "
    "put the key in a Port secret and reference its name"
)

_URL_FIELDS = ("baseUrl", "endpoint")
_SECRET_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")
_SPACES = {" ": "space", "\t": "tab", "\n": "line break", "\r": "line break"}
CREDENTIAL_VALUE = "must name an environment variable, not hold the secret"
# Names shorter than this are too few characters to tell a name from a secret.
_RANDOM_MIN_CHARS = 12


def find_literal_keys(
    data: Any, path: JsonPath = ()
) -> Iterator[tuple[JsonPath, bool]]:
    """Yield (path, is_key) for every key or string value shaped like an API key."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and looks_like_key(key):
                yield path + (key,), True
            yield from find_literal_keys(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from find_literal_keys(value, path + (index,))
    elif isinstance(data, str) and looks_like_key(data):
        yield path, False


def check_urls(data: dict) -> list[Finding]:
    """Return a finding for every base URL that embeds a user name or password."""
    findings = []
    port = data.get("port")
    if isinstance(port, str) and _has_credentials(port):
        findings.append((("port",), _url_message()))
    for name, entry in _providers(data):
        config = entry.get("config")
        if not isinstance(config, dict):
            continue
        for field in _URL_FIELDS:
            value = config.get(field)
            if isinstance(value, str) and _has_credentials(value):
                findings.append((("providers", name, "config", field), _url_message()))
    return findings


def check_credential_names(data: Any) -> list[Finding]:
    """Return a finding for each ``credentials`` entry that holds a secret, not a name.

    Environment variable names are words (PORT_TOKEN, AcmePortSecret); a value with
    the shape of a key, or that jumps between cases and digits, was pasted in.
    """
    credentials = data.get("credentials") if isinstance(data, dict) else None
    if not isinstance(credentials, dict):
        return []
    return [
        (("credentials", field), CREDENTIAL_VALUE)
        for field, value in credentials.items()
        if isinstance(value, str) and (looks_like_key(value) or _looks_random(value))
    ]


def _looks_random(value: str) -> bool:
    """Return True for a mixed-case string with digits that changes class often."""
    if len(value) < _RANDOM_MIN_CHARS:
        return False
    kinds = [_kind_of(char) for char in value]
    if not {"upper", "lower", "digit"} <= set(kinds):
        return False
    changes = sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if a != b)
    return changes * 2 >= len(value)


def _kind_of(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isupper():
        return "upper"
    return "lower" if char.islower() else "other"


def check_model_names(data: dict) -> list[Finding]:
    """Return a finding for every ``config.models`` entry whose name is used twice."""
    findings = []
    for name, entry in _providers(data):
        config = entry.get("config")
        models = config.get("models") if isinstance(config, dict) else None
        if not isinstance(models, list):
            continue
        seen: dict[str, int] = {}
        for index, model in enumerate(models):
            model_name = model.get("name") if isinstance(model, dict) else None
            if not isinstance(model_name, str):
                continue
            path = ("providers", name, "config", "models", index, "name")
            if model_name in seen:
                first = seen[model_name]
                message = (
                    f"model name '{model_name}' is already used by models[{first}]"
                )
                findings.append((path, message))
            else:
                seen[model_name] = index
    return findings


def explain_secret_name(value: str) -> str:
    """Return why ``value`` can never name a Port secret."""
    if value == "":
        return "is empty; give the name of a Port secret"
    if len(value) > 100:
        return f"is {len(value)} characters long; Port secret names have at most 100"
    if value != value.rstrip():
        word = _SPACES.get(value[-1], "space")
        return f"has a trailing {word}; Port secret names cannot"
    if value != value.lstrip():
        return (
            f"has a leading {_SPACES.get(value[0], 'space')}; Port secret names cannot"
        )

    bad = next((c for c in value if not _SECRET_NAME.fullmatch(c)), None)
    allowed = "Port secret names use only letters, digits, '-' and '_'"
    if bad is None:
        return allowed
    return f"contains {_char_name(bad)}; {allowed}"


def _char_name(char: str) -> str:
    if char in _SPACES:
        return f"a {_SPACES[char]}"
    if char.isprintable():
        return f"'{char}'"
    return f"the character U+{ord(char):04X}"


def _has_credentials(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return "@" in parts.netloc


def _url_message() -> str:
    return (
        "embeds credentials (user:password@) in the URL; remove them and keep "
        "credentials in a Port secret"
    )


def _providers(data: dict) -> Iterator[tuple[str, dict]]:
    providers = data.get("providers")
    if not isinstance(providers, dict):
        return
    for name, entry in providers.items():
        if isinstance(entry, dict):
            yield name, entry
