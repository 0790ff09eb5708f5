"""Debug traces: one line per request, and never a secret or token in any record."""

from __future__ import annotations

import logging

import httpx
import pytest
from port_fakes import CLIENT_SECRET, TOKEN, FakePort, answer

from llmconf.errors import PortError
from llmconf.port.trace import mask_body

BODY = {
    "provider": "openai-compatible",
    "config": {
        "baseUrl": "http://127.0.0.1:7/v1",
        "customHeaders": {"X-Gateway-Key": "header-value-secret-31"},
        "models": [{"name": "llama-3"}],
    },
}


def all_text(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )


def test_each_request_is_one_debug_line(make_client, fake_port, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="llmconf")

    make_client().read_live()

    lines = [r.getMessage() for r in caplog.records if " -> " in r.getMessage()]
    assert len(lines) == 3
    assert all(r.levelno == logging.DEBUG for r in caplog.records)
    assert any(line.startswith("GET /v1/llm-providers -> 200 in ") for line in lines)
    assert all(line.endswith("(attempt 1)") for line in lines)


def test_retries_show_their_attempt_number(make_client, fake_port, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="llmconf")
    fake_port.script("GET", "/v1/llm-providers/openai", answer(503, {}))

    make_client().get_provider("openai")

    text = all_text(caplog)
    assert "GET /v1/llm-providers/openai -> 503 in" in text
    assert "GET /v1/llm-providers/openai -> 404 in" in text
    assert "(attempt 2)" in text


def test_no_secret_or_token_in_logs_or_errors(
    make_client, fake_port: FakePort, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    leak = {"ok": False, "error": "bad", "message": f"token {TOKEN} is odd"}
    fake_port.script("POST", "/v1/llm-providers", answer(400, leak))
    client = make_client()

    client.read_live()
    with pytest.raises(PortError) as caught:
        client.create_provider(BODY)

    text = all_text(caplog) + str(caught.value) + repr(caught.value.args)
    for secret in (CLIENT_SECRET, TOKEN, "header-value-secret-31"):
        assert secret not in text
    assert '"clientSecret": "(sensitive)"' in text


def test_masked_bodies_keep_their_shape() -> None:
    body = {"clientId": "id", "clientSecret": "x", "nested": [{"accessToken": "y"}]}

    assert mask_body(body) == {
        "clientId": "id",
        "clientSecret": "(sensitive)",
        "nested": [{"accessToken": "(sensitive)"}],
    }


def test_transport_failures_are_logged_by_class(make_client, fake_port, caplog):
    caplog.set_level(logging.DEBUG, logger="llmconf")
    fake_port.script("GET", "/v1/llm-providers/openai", httpx.ReadError("reset"))

    make_client().get_provider("openai")

    assert "GET /v1/llm-providers/openai -> ReadError in" in all_text(caplog)
