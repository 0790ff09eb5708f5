"""The sandbox core: one ``handle`` call per HTTP request, shared by both front ends."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from llmconf.sandbox.clock import Clock
from llmconf.sandbox.faults import DropConnection, FaultGate, Faults, RateWindow
from llmconf.sandbox.request import Request
from llmconf.sandbox.responses import ApiError, SandboxResponse, generic_error
from llmconf.sandbox.routes import dispatch, find_route
from llmconf.sandbox.store import StateFileError, Store

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
SANDBOX_HEADER = "X-Llmconf-Sandbox"


@dataclass
class Exchange:
    """One request as an ``on_request`` observer sees it, filled in once answered.

    ``committed`` is True when the request changed the org (a write that was saved),
    which is what tests count to prove that no write was lost or sent twice.
    """

    method: str
    path: str
    body: bytes
    status: int = 0
    committed: bool = False


class Sandbox:
    """An emulated Port organization kept in the JSON file at ``state_path``.

    Without ``faults``, those named in ``LLMCONF_SANDBOX_FAULTS`` apply. ``clock``
    (epoch seconds) is for tests that need to move time, e.g. past a token's expiry.
    ``on_request`` sees each request before it is answered (a test can play a second
    writer there) and keeps its Exchange, which is completed afterwards.
    """

    def __init__(
        self,
        state_path: Path,
        faults: Faults | None = None,
        *,
        clock: Callable[[], float] = time.time,
        on_request: Callable[[Exchange], None] | None = None,
    ) -> None:
        self.state_path = Path(state_path)
        self.faults = faults if faults is not None else Faults.from_env()
        self.on_request = on_request
        self._clock = Clock(clock)
        self._store = Store(self.state_path, self._clock)
        self._gate = FaultGate(self.faults, self._clock)

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
    ) -> SandboxResponse:
        """Answer one request; ``path`` is decoded and carries no query string.

        Raises DropConnection (after saving) when the drop-after-write fault is on.
        """
        if self.faults.latency_ms > 0:
            time.sleep(self.faults.latency_ms / 1000)
        window, fault = self._gate.admit()
        request = Request(
            method=method.upper(),
            path=path,
            query=dict(query),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
            clock=self._clock,
        )

        exchange = Exchange(request.method, path, body)
        if self.on_request is not None:
            self.on_request(exchange)
        committed = False
        if fault is not None:
            response = fault
        else:
            response, committed = self._respond(request)
        response = _finish(response, window)
        exchange.status, exchange.committed = response.status, committed
        if committed and self.faults.drop_after_write:
            raise DropConnection(response)
        return response

    def _respond(self, request: Request) -> tuple[SandboxResponse, bool]:
        try:
            if len(request.body) > MAX_BODY_BYTES:
                raise generic_error(
                    413, "payload_too_large", "Request body is over 1 MiB"
                )
            route, request.params = find_route(request.method, request.path)
            with self._store.transaction() as txn:
                response = dispatch(route, request, txn.state)
        except ApiError as error:
            return error.response, False
        except StateFileError as error:
            return generic_error(500, "internal_error", str(error)).response, False
        except Exception as exc:
            # A bug, not a user's mistake: the traceback is for --debug only.
            logger.debug("sandbox failed on %s", request.path, exc_info=True)
            message = (
                "The sandbox failed on this request (a bug in the sandbox: "
                f"{type(exc).__name__}); run with --debug for its traceback"
            )
            return generic_error(500, "internal_error", message).response, False
        # Issuing a token writes the state too, but only org changes count as writes.
        return response, txn.committed and route.is_write


def _finish(response: SandboxResponse, window: RateWindow) -> SandboxResponse:
    headers = {
        **response.headers,
        "X-Trace-Id": str(uuid.uuid4()),
        **window.headers(),
        SANDBOX_HEADER: "1",
    }
    return replace(response, headers=headers)
