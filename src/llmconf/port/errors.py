"""Translation of Port error bodies and httpx failures into llmconf's error tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from llmconf import redact
from llmconf.errors import (
    AuthError,
    ForbiddenError,
    InvalidConfigError,
    ModelNotEnabledError,
    ModelTestError,
    NotFoundError,
    PortError,
    RateLimitedError,
    UnavailableError,
)

TRACE_HEADER = "X-Trace-Id"

# Port spells some errors in two ways (object form and the newer string form).
_BY_NAME: dict[str, type[PortError]] = {
    "LLMProviderNotFoundError": NotFoundError,
    "LLMProviderInvalidConfigError": InvalidConfigError,
    "LLMProviderModelNotEnabledError": ModelNotEnabledError,
    "LLMProviderModelTestError": ModelTestError,
    "llm_provider_model_test_error": ModelTestError,
    "llm_provider_manage_forbidden": ForbiddenError,
}

_BY_STATUS: dict[int, type[PortError]] = {
    401: AuthError,
    403: ForbiddenError,
    404: NotFoundError,
    429: RateLimitedError,
}

_EXCERPT_CHARS = 200


@dataclass(frozen=True)
class ErrorBody:
    """The name, message and details found in one error body, whatever its form."""

    name: str | None = None
    message: str | None = None
    details: dict[str, Any] | None = None


def parse_error_body(payload: Any) -> ErrorBody:
    """Return what a decoded error body says, in any of Port's three forms."""
    if not isinstance(payload, dict):
        return ErrorBody()

    error = payload.get("error")
    if isinstance(error, dict):
        return ErrorBody(
            _text(error.get("name")),
            _text(error.get("message")),
            _mapping(error.get("details")),
        )
    if isinstance(error, str):
        return ErrorBody(
            error, _text(payload.get("message")), _mapping(payload.get("details"))
        )
    return ErrorBody(
        _text(payload.get("name")),
        _text(payload.get("message")),
        _mapping(payload.get("details")),
    )


def error_class(status: int, body: ErrorBody) -> type[PortError]:
    """Return the error class for a failed answer; the name wins over the status."""
    if body.name in _BY_NAME:
        return _BY_NAME[body.name]
    if body.details and "testedModels" in body.details:
        return ModelTestError
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return UnavailableError
    return PortError


def error_from_response(response: httpx.Response) -> PortError:
    """Return the typed error for a failed Port answer, carrying Port's own message."""
    try:
        payload = response.json()
    except ValueError:
        payload = None

    body = parse_error_body(payload)
    message = body.message or _fallback_message(response, body.name, payload)
    cls = error_class(response.status_code, body)
    return cls(
        redact.scrub(message),
        status=response.status_code,
        name=body.name,
        trace_id=response.headers.get(TRACE_HEADER),
        details=_scrub_value(body.details) if body.details else None,
    )


def with_message(error: PortError, message: str) -> PortError:
    """Return a copy of ``error`` with another message and the same Port facts."""
    return type(error)(
        message,
        status=error.status,
        name=error.name,
        trace_id=error.trace_id,
        details=error.details,
    )


def error_from_transport(
    exc: httpx.RequestError, target: str, timeout: float, host: str
) -> PortError:
    """Return an UnavailableError that says why ``target`` on ``host`` failed.

    ``host`` is the base URL's host and port, which never carries credentials.
    httpx may quote request headers in its text, so the text is scrubbed.
    """
    if isinstance(exc, httpx.ConnectTimeout):
        reason = f"could not connect to {host} within the {timeout:g} s timeout"
    elif isinstance(exc, httpx.TimeoutException):
        reason = f"got no answer within the {timeout:g} s timeout from {host}"
    elif isinstance(exc, httpx.ConnectError):
        reason = f"could not connect to {host} ({exc})"
    elif isinstance(exc, httpx.LocalProtocolError):
        reason = f"could not send the request to {host} ({type(exc).__name__}: {exc})"
    else:
        reason = f"lost the connection to {host} ({type(exc).__name__}: {exc})"
    return UnavailableError(redact.scrub(f"Port API {target}: {reason}"))


def _fallback_message(response: httpx.Response, name: str | None, payload: Any) -> str:
    """Describe an error that came without a message of its own."""
    label = f"HTTP {response.status_code}"
    if name:
        return f"Port answered {label} ({name})"
    excerpt = response.text.strip()[:_EXCERPT_CHARS] if payload is None else ""
    return f"Port answered {label}: {excerpt}" if excerpt else f"Port answered {label}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def _scrub_value(value: Any) -> Any:
    """Mask secret-looking strings anywhere inside decoded JSON."""
    if isinstance(value, str):
        return redact.scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    return value
