"""Per-type ``config`` rules of Port's provider bodies, with Port-style messages.

A type has one or more shapes (authentication modes). A config must fit exactly one
shape: fields of two shapes cannot be mixed, and the chosen shape must be complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llmconf.sandbox.responses import invalid_config

REGION = re.compile(r"^[a-z]{2}-[a-z]+-\d{1}$")
ROLE_ARN = re.compile(r"^arn:aws:iam::\d{12}:role/[\w+=,.@-]+$")
MODEL_KEYS = ("name", "displayName", "contextWindow", "supportedFeatures")


@dataclass(frozen=True)
class Shape:
    """One authentication mode of a type: the fields it needs and may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def allowed(self) -> frozenset[str]:
        return frozenset(self.required + self.optional)


_GUARDRAIL = ("guardrailIdentifier", "guardrailVersion")
_SERVICE_ACCOUNT = (
    "clientEmailSecretName",
    "privateKeySecretName",
    "project",
    "location",
)

SHAPES: dict[str, tuple[Shape, ...]] = {
    "openai": (Shape(("apiKeySecretName",)),),
    "anthropic": (Shape(("apiKeySecretName",)),),
    "azure-openai": (
        Shape(("apiKeySecretName", "resourceName", "deploymentId")),
        Shape(("apiKeySecretName", "endpoint", "deployment")),
    ),
    "azure-anthropic": (Shape(("apiKeySecretName", "endpoint")),),
    "bedrock": (
        Shape(
            ("accessKeyIdSecretName", "secretAccessKeySecretName", "region"), _GUARDRAIL
        ),
        Shape(("roleArn", "region"), ("externalIdSecretName", *_GUARDRAIL)),
    ),
    "openai-compatible": (
        Shape(
            ("baseUrl", "models"),
            ("apiKeySecretName", "customHeaders", "supportsStructuredOutputs"),
        ),
    ),
    "anthropic-compatible": (
        Shape(("baseUrl", "apiKeySecretName", "models"), ("customHeaders",)),
        Shape(("baseUrl", "authTokenSecretName", "models"), ("customHeaders",)),
    ),
    "vertex-gemini": (
        Shape(("apiKeySecretName", "models")),
        Shape((*_SERVICE_ACCOUNT, "models")),
    ),
    "vertex-anthropic": (Shape((*_SERVICE_ACCOUNT, "models")),),
}


def check_config(kind: str, config: Any) -> None:
    """Check ``config`` for a provider of type ``kind``; raise ApiError (400) if bad.

    Types the sandbox does not know are stored as given, so only the object check
    applies to them.
    """
    if not isinstance(config, dict):
        raise invalid_config("config must be an object")
    shapes = SHAPES.get(kind)
    if shapes is None:
        return

    shape = _choose_shape(kind, shapes, config)
    for key in shape.required + shape.optional:
        if key in config:
            _FIELD_CHECKS.get(key, _check_text)(key, config[key])


def _choose_shape(kind: str, shapes: tuple[Shape, ...], config: dict) -> Shape:
    given = set(config)
    known = frozenset().union(*(s.allowed for s in shapes))
    unknown = sorted(given - known)
    if unknown:
        raise invalid_config(f"{unknown[0]} is not a config field of provider '{kind}'")

    fitting = [s for s in shapes if given <= s.allowed]
    if not fitting:
        raise invalid_config(_mixed_message(shapes, given))

    missing = [[key for key in s.required if key not in given] for s in fitting]
    fewest = min(len(m) for m in missing)
    if fewest == 0:
        return fitting[[len(m) for m in missing].index(0)]
    firsts = list(dict.fromkeys(m[0] for m in missing if len(m) == fewest))
    if len(firsts) == 1:
        raise invalid_config(f"{firsts[0]} is required")
    raise invalid_config(f"exactly one of {' or '.join(firsts)} is required")


def _mixed_message(shapes: tuple[Shape, ...], given: set[str]) -> str:
    best = max(shapes, key=lambda s: len(given & s.allowed))
    stray = sorted(given - best.allowed)[0]
    home = next(s for s in shapes if stray in s.allowed)
    rivals = sorted((given & best.allowed) - home.allowed)
    return f"{stray} cannot be combined with {', '.join(rivals)}"


def _check_text(key: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise invalid_config(f"{key} must be a non-empty string")


def _check_plain(key: str, value: Any) -> None:
    if not isinstance(value, str):
        raise invalid_config(f"{key} must be a string")


def _pattern_check(pattern: re.Pattern[str]) -> Callable[[str, Any], None]:
    def check(key: str, value: Any) -> None:
        if not isinstance(value, str) or not pattern.match(value):
            raise invalid_config(f'{key} must match pattern "{pattern.pattern}"')

    return check


def _check_url(key: str, value: Any) -> None:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
        raise invalid_config(f"{key} must be an http or https URL")


def _check_flag(key: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise invalid_config(f"{key} must be a boolean")


def _check_headers(key: str, value: Any) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(v, str) for v in value.values()
    ):
        raise invalid_config(f"{key} must be an object of string values")


def _check_models(key: str, value: Any) -> None:
    if not isinstance(value, list) or not value:
        raise invalid_config(f"{key} must be an array with at least 1 model")
    seen: set[str] = set()
    for index, entry in enumerate(value):
        where = f"{key}[{index}]"
        _check_model(where, entry)
        if entry["name"] in seen:
            raise invalid_config(f"{where}.name '{entry['name']}' is listed twice")
        seen.add(entry["name"])


def _check_model(where: str, entry: Any) -> None:
    if not isinstance(entry, dict):
        raise invalid_config(f"{where} must be an object")
    extra = sorted(set(entry) - set(MODEL_KEYS))
    if extra:
        raise invalid_config(f"{where}.{extra[0]} is not a model field")

    name = entry.get("name")
    if not isinstance(name, str):
        raise invalid_config(f"{where}.name is required")
    if len(name) < 3:
        raise invalid_config(f"{where}.name must be at least 3 characters")
    if "displayName" in entry:
        _check_plain(f"{where}.displayName", entry["displayName"])

    window = entry.get("contextWindow")
    if "contextWindow" in entry and (
        isinstance(window, bool) or not isinstance(window, int) or window <= 0
    ):
        raise invalid_config(f"{where}.contextWindow must be a positive integer")
    features = entry.get("supportedFeatures", {})
    if not isinstance(features, dict) or not all(
        isinstance(v, bool) for v in features.values()
    ):
        raise invalid_config(f"{where}.supportedFeatures must be an object of booleans")


_FIELD_CHECKS: dict[str, Callable[[str, Any], None]] = {
    "region": _pattern_check(REGION),
    "roleArn": _pattern_check(ROLE_ARN),
    "guardrailIdentifier": _check_plain,
    "guardrailVersion": _check_plain,
    "baseUrl": _check_url,
    "customHeaders": _check_headers,
    "supportsStructuredOutputs": _check_flag,
    "models": _check_models,
}
