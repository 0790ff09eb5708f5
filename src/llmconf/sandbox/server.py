"""The sandbox as a real HTTP server on loopback (stdlib, one thread per connection)."""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from llmconf.sandbox.core import MAX_BODY_BYTES, Exchange, Sandbox
from llmconf.sandbox.faults import DropConnection, Faults

logger = logging.getLogger(__name__)


class SandboxServer(ThreadingHTTPServer):
    """A threaded HTTP server whose every request goes to ``self.sandbox``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.sandbox = sandbox
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-answer (a short timeout) is routine for a test
        # server: one debug line, not a traceback on stderr.
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            logger.debug("client %s went away: %s", client_address, error)
            return
        logger.error("request from %s failed: %r", client_address, error)
        logger.debug("request failure", exc_info=True)

    @property
    def url(self) -> str:
        """Return the base URL clients use, e.g. ``http://127.0.0.1:8123``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "llmconf-sandbox"
    server: SandboxServer

    def do_GET(self) -> None:
        self._answer()

    # Methods no route has still reach the sandbox, which answers its generic 404.
    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _answer(self) -> None:
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        headers = {key.lower(): value for key, value in self.headers.items()}
        length = _content_length(headers)
        # Read at most one byte past the limit: enough for the sandbox to answer 413.
        # The rest stays unread, so the connection cannot be reused.
        body = self.rfile.read(min(length, MAX_BODY_BYTES + 1)) if length > 0 else b""
        if length > MAX_BODY_BYTES or length < 0:
            self.close_connection = True

        try:
            answer = self.server.sandbox.handle(
                self.command, unquote(url.path), query, headers, body
            )
        except DropConnection:
            # The write is saved; hang up without a single byte of response.
            self.close_connection = True
            return
        if answer.status == 500:
            # The client gets the reason too; whoever runs the server sees one line.
            logger.error("%s %s: %s", self.command, url.path, _message_of(answer.body))
        self.send_response(answer.status)
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)


def _message_of(body: bytes) -> str:
    try:
        payload = json.loads(body)
    except ValueError:
        return "no error message"
    message = payload.get("message") if isinstance(payload, dict) else None
    return message if isinstance(message, str) else "no error message"


def _content_length(headers: dict[str, str]) -> int:
    """Return the declared body length; -1 when it is unreadable or chunked."""
    # TODO: read chunked request bodies; httpx sends JSON bodies with a
    # Content-Length, so no client of the sandbox sends chunks; add it when one does.
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return -1
    try:
        return int(headers.get("content-length") or 0)
    except ValueError:
        return -1


def make_server(
    state_path: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Faults | None = None,
    on_request: Callable[[Exchange], None] | None = None,
) -> SandboxServer:
    """Return a bound, not yet serving sandbox server (port 0 picks a free port)."""
    sandbox = Sandbox(Path(state_path), faults, on_request=on_request)
    return SandboxServer((host, port), sandbox)


def serve(
    state_path: Path,
    host: str = "127.0.0.1",
    port: int = 0,
    faults: Faults | None = None,
) -> None:
    """Serve the sandbox until interrupted (Ctrl-C), announcing its URL on stdout."""
    server = make_server(state_path, host, port, faults)
    print(
        f"llmconf sandbox listening on {server.url} (state: {state_path})", flush=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
