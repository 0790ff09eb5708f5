"""Port error bodies, in every documented form, become the right typed errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

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
from llmconf.port import error_from_response
from llmconf.port.errors import error_from_transport

TESTED = {
    "claude-sonnet-4-5-20250929": {"isValid": True},
    "claude-sonnet-4-20250514": {
        "isValid": False,
        "message": "Failed to process your request, Please contact support.",
    },
}

# The exact bodies of Port's setup guide, with the status Port is expected to use.
DOCUMENTED = [
    (
        404,
        {
            "ok": False,
            "error": {
                "name": "LLMProviderNotFoundError",
                "message": "LLM provider 'openai' not found for organization",
            },
        },
        NotFoundError,
        "LLMProviderNotFoundError",
        "LLM provider 'openai' not found for organization",
    ),
    (
        400,
        {
            "ok": False,
            "error": "llm_provider_model_test_error",
            "message": "Connection test failed for one or more models",
            "details": {"testedModels": TESTED},
        },
        ModelTestError,
        "llm_provider_model_test_error",
        "Connection test failed for one or more models",
    ),
    (
        400,
        {
            "ok": False,
            "error": {
                "name": "LLMProviderInvalidConfigError",
                "message": "apiKeySecretName is required",
            },
        },
        InvalidConfigError,
        "LLMProviderInvalidConfigError",
        "apiKeySecretName is required",
    ),
    (
        403,
        {
            "name": "llm_provider_manage_forbidden",
            "message": "You do not have permission to manage LLM providers",
        },
        ForbiddenError,
        "llm_provider_manage_forbidden",
        "You do not have permission to manage LLM providers",
    ),
    (
        400,
        {
            "ok": False,
            "error": {
                "name": "LLMProviderModelNotEnabledError",
                "message": "Model 'gpt-5' is not enabled for provider 'openai'",
            },
        },
        ModelNotEnabledError,
        "LLMProviderModelNotEnabledError",
        "Model 'gpt-5' is not enabled for provider 'openai'",
    ),
    (
        400,
        {
            "ok": False,
            "error": {
                "name": "LLMProviderModelTestError",
                "message": "Connection test failed for provider 'openai'",
                "details": {"testedModels": {"gpt-5": {"isValid": False}}},
            },
        },
        ModelTestError,
        "LLMProviderModelTestError",
        "Connection test failed for provider 'openai'",
    ),
]


def respond(status: int, body: Any = None, **kwargs: Any) -> httpx.Response:
    request = httpx.Request("GET", "http://127.0.0.1:9/v1/llm-providers")
    if body is None:
        return httpx.Response(status, request=request, **kwargs)
    return httpx.Response(status, json=body, request=request, **kwargs)


@pytest.mark.parametrize(("status", "body", "cls", "name", "message"), DOCUMENTED)
def test_documented_bodies_map_to_typed_errors(
    status: int, body: dict, cls: type, name: str, message: str
) -> None:
    error = error_from_response(
        respond(status, body, headers={"X-Trace-Id": "trace-1"})
    )

    assert type(error) is cls
    assert (error.status, error.name, error.message) == (status, name, message)
    assert error.trace_id == "trace-1"


def test_model_test_error_keeps_every_tested_model() -> None:
    error = error_from_response(respond(400, DOCUMENTED[1][1]))

    assert isinstance(error, ModelTestError)
    assert error.tested_models == TESTED


@pytest.mark.parametrize("status", [200, 400, 403, 404, 500])
def test_error_name_wins_over_status(status: int) -> None:
    body = {"ok": False, "error": {"name": "LLMProviderInvalidConfigError"}}

    assert type(error_from_response(respond(status, body))) is InvalidConfigError


def test_tested_models_alone_make_a_model_test_error() -> None:
    body = {"ok": False, "error": "something_new", "details": {"testedModels": {}}}

    assert type(error_from_response(respond(400, body))) is ModelTestError


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (429, RateLimitedError),
        (500, UnavailableError),
        (502, UnavailableError),
        (503, UnavailableError),
        (400, PortError),
        (413, PortError),
        (422, PortError),
    ],
)
def test_unnamed_errors_map_by_status(status: int, cls: type) -> None:
    body = {"ok": False, "error": "generic_error", "message": "It failed"}

    error = error_from_response(respond(status, body))

    assert type(error) is cls
    assert error.message == "It failed"


@pytest.mark.parametrize(
    ("body", "kwargs", "expected"),
    [
        (None, {"text": "<html>Bad gateway</html>"}, "Port answered HTTP 502: "),
        (None, {}, "Port answered HTTP 502"),
        ({"ok": False, "error": "bad_gateway"}, {}, "Port answered HTTP 502 ("),
        (["not", "an", "object"], {}, "Port answered HTTP 502"),
    ],
)
def test_bodies_without_a_message_say_what_came_back(
    body: Any, kwargs: dict, expected: str
) -> None:
    error = error_from_response(respond(502, body, **kwargs))

    assert isinstance(error, UnavailableError)
    assert error.message.startswith(expected)


def test_messages_and_details_are_scrubbed() -> None:
    redact.register("registered-secret-9911")
    body = {
        "ok": False,
        "error": "llm_provider_model_test_error",
        "message": "key registered-secret-9911 refused",
        "details": {"testedModels": {"gpt-5": {"message": "sk-abcdefghijklmnopqrstu"}}},
    }

    error = error_from_response(respond(400, body))

    assert "registered-secret-9911" not in error.message
    assert "sk-abcdefghijklmnopqrstu" not in str(error.details)
    assert redact.MASK in error.message


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectError("refused"), "could not connect to 127.0.0.1:9 (refused)"),
        (
            httpx.ConnectTimeout("slow"),
            "could not connect to 127.0.0.1:9 within the 5 s timeout",
        ),
        (
            httpx.ReadTimeout("slow"),
            "got no answer within the 5 s timeout from 127.0.0.1:9",
        ),
        (
            httpx.RemoteProtocolError("gone"),
            "lost the connection to 127.0.0.1:9 (RemoteProtocolError: gone)",
        ),
    ],
)
def test_transport_errors_name_the_host(exc: Exception, expected: str) -> None:
    error = error_from_transport(exc, "GET /v1/llm-providers", 5.0, "127.0.0.1:9")

    assert isinstance(error, UnavailableError)
    assert error.message == f"Port API GET /v1/llm-providers: {expected}"


def test_transport_error_text_is_scrubbed() -> None:
    redact.register("registered-token-5150")
    exc = httpx.LocalProtocolError("Illegal header value b'registered-token-5150'")

    error = error_from_transport(exc, "GET /v1/llm-providers", 5.0, "127.0.0.1:9")

    assert "registered-token-5150" not in error.message
    assert "could not send the request to 127.0.0.1:9" in error.message
