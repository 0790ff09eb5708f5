"""An httpx transport that answers from a :class:`Sandbox` in-process, no sockets."""

from __future__ import annotations

import httpx

from llmconf.sandbox.core import Sandbox
from llmconf.sandbox.faults import DropConnection


class SandboxTransport(httpx.BaseTransport):
    """Send each httpx request to ``sandbox.handle``; a dropped write raises
    :class:`httpx.RemoteProtocolError`, as a real server hanging up would."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        query = {key: value for key, value in request.url.params.multi_items()}
        headers = {key: value for key, value in request.headers.items()}
        body = request.read()
        try:
            answer = self.sandbox.handle(
                request.method, request.url.path, query, headers, body
            )
        except DropConnection:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None
        return httpx.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request
        )
