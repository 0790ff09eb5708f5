"""The sandbox over real loopback HTTP, driven by httpx like the llmconf client."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest

from llmconf.sandbox import (
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET,
    MAX_BODY_BYTES,
    Faults,
    SandboxServer,
    make_server,
)

from .conftest import check_httpx_response

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}
CREDENTIALS = {"clientId": ADMIN_CLIENT_ID, "clientSecret": ADMIN_CLIENT_SECRET}


@pytest.fixture
def faults() -> Faults:
    return Faults()


@pytest.fixture
def server(state_path, faults) -> Iterator[SandboxServer]:
    server = make_server(state_path, faults=faults)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:
    hooks = {"response": [check_httpx_response]}
    with httpx.Client(base_url=server.url, event_hooks=hooks, timeout=10) as client:
        token = client.post("/v1/auth/access_token", json=CREDENTIALS).json()
        client.headers["Authorization"] = f"Bearer {token['accessToken']}"
        yield client


def test_the_server_binds_loopback_on_a_free_port(server):
    host, port = server.server_address[:2]

    assert host == "127.0.0.1"
    assert port > 0
    assert server.url == f"http://127.0.0.1:{port}"


def test_a_registration_round_trip_over_http(http):
    created = http.post("/v1/llm-providers?validate_connection=true", json=OPENAI)
    listed = http.get("/v1/llm-providers")
    deleted = http.delete("/v1/llm-providers/openai")

    assert created.status_code == 201
    assert [p["provider"] for p in listed.json()["result"]] == ["port", "openai"]
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert created.headers["X-Llmconf-Sandbox"] == "1"


def test_errors_keep_their_form_over_http(http):
    missing = http.get("/v1/llm-providers/openai")
    bad = http.post("/v1/llm-providers", json={"provider": "openai", "config": {}})

    assert missing.status_code == 404
    assert missing.json()["error"]["name"] == "LLMProviderNotFoundError"
    assert bad.json()["error"]["message"] == "apiKeySecretName is required"


def test_path_and_query_are_decoded(http):
    http.post("/v1/llm-providers", json=OPENAI)

    response = http.put(
        "/v1/llm-providers/%6Fpenai", params={"validate_connection": "true"}, json={}
    )

    assert response.status_code == 200


def test_a_body_over_one_mib_is_413(http):
    oversized = b'{"provider": "' + b"x" * MAX_BODY_BYTES + b'"}'

    response = http.post(
        "/v1/llm-providers",
        content=oversized,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert http.get("/v1/llm-providers").status_code == 200


def test_a_dropped_write_closes_the_connection_without_an_answer(http, faults):
    faults.drop_after_write = True

    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/v1/llm-providers", json=OPENAI)

    faults.drop_after_write = False
    assert http.get("/v1/llm-providers/openai").status_code == 200


def test_throttling_over_http_carries_retry_after(http, faults):
    faults.throttle = 2

    answers = [http.get("/v1/llm-providers") for _ in range(6)]

    # Six requests span at most two one-second windows, so one is over the limit.
    limited = [r for r in answers if r.status_code == 429]
    assert limited
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].headers["x-ratelimit-remaining"] == "0"


SERVE = "import sys; from llmconf.sandbox import serve; serve(sys.argv[1], port=0)"


def test_serve_announces_its_url_and_stops_on_ctrl_c(state_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(state_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline().strip()
        match = re.fullmatch(
            r"llmconf sandbox listening on (http://127\.0\.0\.1:\d+) \(state: (.+)\)",
            line,
        )
        assert match, line
        assert match.group(2) == str(state_path)
        response = httpx.post(
            f"{match.group(1)}/v1/auth/access_token", json=CREDENTIALS
        )
        assert response.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()


def test_an_unreadable_content_length_still_gets_a_sandbox_answer(server):
    host, port = server.server_address[:2]
    request = (
        b"POST /v1/auth/access_token HTTP/1.1\r\n"
        b"Host: sandbox\r\nContent-Length: many\r\n\r\n"
    )

    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(request)
        head = conn.recv(65536).decode()

    assert head.startswith("HTTP/1.1 422 ")
    assert "X-Llmconf-Sandbox: 1" in head


def test_a_bad_state_file_answers_500_in_json_and_logs_one_line(
    server, state_path, caplog
):
    state_path.write_text('{"version": 1}')
    caplog.set_level("DEBUG", logger="llmconf.sandbox")

    response = httpx.post(f"{server.url}/v1/auth/access_token", json=CREDENTIALS)

    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "not a valid sandbox state" in response.json()["message"]
    lines = [r for r in caplog.records if r.name.startswith("llmconf.sandbox")]
    shown = [r for r in lines if r.levelname != "DEBUG"]
    assert [r.levelname for r in shown] == ["ERROR"]
    assert all(r.exc_info is None for r in lines)
    assert "not a valid sandbox state" in shown[0].getMessage()


def test_a_non_ascii_secret_over_http_is_401(server):
    body = {"clientId": ADMIN_CLIENT_ID, "clientSecret": "sändbox"}

    response = httpx.post(f"{server.url}/v1/auth/access_token", json=body)

    assert response.status_code == 401
