"""Responses and Port's three error body forms, plus the exception that carries them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class SandboxResponse:
    """One answer of the sandbox: status, headers and the raw body bytes."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> Any:
        """Return the decoded JSON body (for tests and debugging)."""
        return json.loads(self.body)


class ApiError(Exception):
    """Raised anywhere below the router to answer with ``response`` at once."""

    def __init__(self, response: SandboxResponse) -> None:
        super().__init__(response.status)
        self.response = response


def json_response(status: int, payload: Any) -> SandboxResponse:
    """Return a JSON response with a compact body, as Port sends it."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    return SandboxResponse(status, {"Content-Type": JSON_TYPE}, body)


def empty_response(status: int = 204) -> SandboxResponse:
    """Return a response without a body (DELETE answers 204 with nothing)."""
    return SandboxResponse(status, {}, b"")


def generic_error(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> ApiError:
    """Return the OpenAPI form ``{"ok": false, "error": "<code>", "message": ...}``."""
    payload: dict[str, Any] = {"ok": False, "error": code, "message": message}
    if details is not None:
        payload["details"] = details
    return ApiError(json_response(status, payload))


def named_error(status: int, name: str, message: str) -> ApiError:
    """Return the guide's object form ``{"ok": false, "error": {name, message}}``."""
    payload = {"ok": False, "error": {"name": name, "message": message}}
    return ApiError(json_response(status, payload))


def provider_not_found(provider: str) -> ApiError:
    message = f"LLM provider '{provider}' not found for organization"
    return named_error(404, "LLMProviderNotFoundError", message)


def invalid_config(message: str) -> ApiError:
    return named_error(400, "LLMProviderInvalidConfigError", message)


def model_not_enabled(model: str, provider: str) -> ApiError:
    message = f"Model '{model}' is not enabled for provider '{provider}'"
    return named_error(400, "LLMProviderModelNotEnabledError", message)


def model_test_failed(tested: dict[str, dict[str, Any]]) -> ApiError:
    # The newest guide answers a failed test in the string form, not the object form.
    return generic_error(
        400,
        "llm_provider_model_test_error",
        "Connection test failed for one or more models",
        {"testedModels": tested},
    )


def manage_forbidden() -> ApiError:
    # Port's example has no ok/error wrapper at all: just name and message.
    payload = {
        "name": "llm_provider_manage_forbidden",
        "message": "You do not have permission to manage LLM providers",
    }
    return ApiError(json_response(403, payload))


def invalid_request(message: str) -> ApiError:
    """Return the gateway's 422 for a body that does not match the route schema."""
    return generic_error(422, "invalid_request", message)
