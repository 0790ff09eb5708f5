"""The client over real loopback sockets: dropped connections, hangs and refusals."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from port_fakes import CLIENT_ID, CLIENT_SECRET, TOKEN, FakeTime, provider_object

from llmconf.errors import UnavailableError
from llmconf.port import Credentials, PortClient, RetryPolicy

BODY = {"provider": "openai", "enabled": True, "config": {"apiKeySecretName": "K1"}}


class LoopbackPort(ThreadingHTTPServer):
    """A few Port routes on 127.0.0.1, with per-path faults."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.providers: dict[str, dict[str, Any]] = {}
        self.hang: set[str] = set()
        self.drop_once: set[str] = set()
        self.seen: list[tuple[str, str]] = []
        self.release = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: LoopbackPort

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        path = self.path.split("?")[0]
        self.server.seen.append((self.command, path))
        if path in self.server.hang:
            self.server.release.wait(10)
            return
        status, payload = self._route(path, body)
        if path in self.server.drop_once:
            # The work is done, but the answer never reaches the client.
            self.server.drop_once.discard(path)
            self.close_connection = True
            return
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Llmconf-Sandbox", "1")
        self.end_headers()
        self.wfile.write(data)

    def _route(self, path: str, body: Any) -> tuple[int, Any]:
        if path == "/v1/auth/access_token":
            return 200, {"ok": True, "accessToken": TOKEN, "expiresIn": 60}
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return 401, {"ok": False, "error": "unauthorized"}
        if path == "/v1/llm-providers" and self.command == "POST":
            entry = provider_object(body["provider"], body["config"])
            self.server.providers[body["provider"]] = entry
            return 201, {"ok": True, "result": entry}
        if path == "/v1/llm-providers":
            return 200, {"ok": True, "result": list(self.server.providers.values())}
        if path == "/v1/llm-providers/defaults":
            return 200, {"ok": True, "result": {"provider": "port", "model": "m-1"}}
        kind = path.rsplit("/", 1)[1]
        if kind in self.server.providers:
            return 200, {"ok": True, "result": self.server.providers[kind]}
        return 404, {"ok": False, "error": {"name": "LLMProviderNotFoundError"}}


@pytest.fixture
def server() -> Iterator[LoopbackPort]:
    port = LoopbackPort()
    thread = threading.Thread(target=port.serve_forever, daemon=True)
    thread.start()
    yield port
    port.release.set()
    port.shutdown()
    port.server_close()
    thread.join()


def client_for(url: str, fake_time: FakeTime, **options: Any) -> PortClient:
    # An explicit transport keeps proxy settings from the environment out of the way.
    return PortClient(
        url,
        Credentials(CLIENT_ID, CLIENT_SECRET),
        transport=httpx.HTTPTransport(),
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        rand=lambda: 1.0,
        **options,
    )


def test_read_live_over_real_sockets(server: LoopbackPort) -> None:
    server.providers["openai"] = provider_object("openai", {"apiKeySecretName": "K"})

    with client_for(server.url, FakeTime()) as client:
        live = client.read_live()

    assert list(live.providers) == ["openai"]
    assert live.sandbox is True
    assert len(server.seen) == 3


def test_dropped_connection_on_a_read_is_retried(server: LoopbackPort) -> None:
    server.drop_once.add("/v1/llm-providers")

    with client_for(server.url, FakeTime()) as client:
        client.read_live()

    assert server.seen.count(("GET", "/v1/llm-providers")) == 2


def test_dropped_create_is_reconciled_without_a_second_post(server) -> None:
    server.drop_once.add("/v1/llm-providers")

    with client_for(server.url, FakeTime()) as client:
        created = client.create_provider(BODY)

    assert created["config"] == BODY["config"]
    assert server.seen.count(("POST", "/v1/llm-providers")) == 1
    assert server.seen.count(("GET", "/v1/llm-providers/openai")) == 1


def test_hung_server_times_out_with_a_clear_error(server: LoopbackPort) -> None:
    server.hang.add("/v1/llm-providers")
    retry = RetryPolicy(max_attempts=2)

    with client_for(server.url, FakeTime(), timeout=0.2, retry=retry) as client:
        with pytest.raises(UnavailableError) as caught:
            client.read_live()

    host = server.url.removeprefix("http://")
    assert (
        "Port API GET /v1/llm-providers: got no answer within the 0.2 s timeout "
        f"from {host}" in caught.value.message
    )
    assert "gave up after 2 attempts" in caught.value.message


def test_refused_connection_is_unavailable() -> None:
    # Bind and release a loopback port so nothing listens on it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        host = f"127.0.0.1:{probe.getsockname()[1]}"
    fake_time = FakeTime()

    url = f"http://{host}"
    with client_for(url, fake_time, retry=RetryPolicy(max_attempts=3)) as client:
        with pytest.raises(UnavailableError) as caught:
            client.token()

    assert f"could not connect to {host} (" in caught.value.message
    assert len(fake_time.sleeps) == 2


def test_a_token_httpx_cannot_send_is_masked_in_the_error(server) -> None:
    # Credentials built in code skip the environment check; the boundary still masks.
    token = "tok-first-half-123\ntok-second-half-456"
    client = PortClient(
        server.url,
        Credentials(token=token),
        transport=httpx.HTTPTransport(),
        sleep=FakeTime().sleep,
        clock=FakeTime().clock,
    )

    with client, pytest.raises(UnavailableError) as caught:
        client.read_live()

    message = caught.value.message
    assert "could not send the request to 127.0.0.1:" in message
    assert "tok-" not in message
    assert server.seen == []


def test_no_secret_in_any_log_record(server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.drop_once.add("/v1/llm-providers")

    with client_for(server.url, FakeTime()) as client:
        client.read_live()
        client.create_provider(BODY)

    text = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    assert "GET /v1/llm-providers -> RemoteProtocolError" in text
    assert CLIENT_SECRET not in text
    assert TOKEN not in text
    assert "/v1/auth/access_token body" in text
