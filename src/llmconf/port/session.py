"""Sending one logical call to Port: bearer token, retries, throttling and tracing."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from llmconf import __version__
from llmconf.errors import AuthError, PortError
from llmconf.port.auth import Credentials, TokenCache
from llmconf.port.errors import (
    error_from_response,
    error_from_transport,
    with_message,
)
from llmconf.port.retry import (
    RETRY_STATUSES,
    Attempts,
    Clock,
    Rand,
    RetryPolicy,
    Sleep,
    Throttle,
    server_wait,
)
from llmconf.port.trace import log_exchange, log_request_body

logger = logging.getLogger(__name__)

TOKEN_PATH = "/v1/auth/access_token"
SANDBOX_HEADER = "X-Llmconf-Sandbox"

# Failures where the request never left the client, so re-sending cannot duplicate it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_RETRYABLE = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class Call:
    """One logical request; one that is not ``replayable`` is never re-sent blindly."""

    method: str
    path: str
    json: Any = None
    params: Mapping[str, str] | None = None
    auth: bool = True
    replayable: bool = True

    @property
    def target(self) -> str:
        return f"{self.method} {self.path}"


class LostAnswer(Exception):
    """A call that is not replayable may have reached Port, but no answer came back."""

    def __init__(self, failure: PortError, hint: float | None) -> None:
        super().__init__(failure.message)
        self.failure = failure
        self.hint = hint


class Session:
    """Owns the httpx client, the token cache and the rate-limit state of one client."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None,
        timeout: float,
        retry: RetryPolicy,
        sleep: Sleep,
        clock: Clock,
        rand: Rand,
    ) -> None:
        self.timeout = timeout
        self.sandbox = False
        self.host = _host_of(base_url)
        self._credentials = credentials
        self._retry = retry
        self._sleep = sleep
        self._clock = clock
        self._rand = rand
        self._tokens = TokenCache(credentials, clock)
        self._throttle = Throttle(sleep, clock, cap=retry.max_total_seconds)
        self._http = httpx.Client(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={
                "User-Agent": f"llmconf/{__version__}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )

    def close(self) -> None:
        self._http.close()

    def attempts(self) -> Attempts:
        """Return a fresh retry budget for one logical call."""
        return Attempts(self._retry, self._sleep, self._clock, self._rand)

    def token(self) -> str:
        """Return a valid bearer token, asking Port for one only when needed."""
        token = self._tokens.current()
        if token:
            return token
        with self._tokens.lock:
            # Another thread may have fetched one while this one waited for the lock.
            return self._tokens.current() or self._fetch_token()

    def send(self, call: Call, attempts: Attempts | None = None) -> httpx.Response:
        """Send ``call`` and return Port's successful answer.

        Raises the typed PortError for a failed answer, LostAnswer when a call that is
        not replayable may have been applied, and UnavailableError or RateLimitedError
        once the retry budget is spent.
        """
        attempts = attempts or self.attempts()
        token = self.token() if call.auth else None
        response = self._send_retrying(call, attempts, token)

        # A token can be revoked or expire early; renew it once and try again.
        if response.status_code == 401 and token and self._tokens.discard(token):
            logger.debug("Port refused the token; asking for a new one")
            response = self._send_retrying(call, attempts, self.token())

        if response.is_success:
            return response
        raise error_from_response(response)

    def pause_after_loss(
        self, call: Call, attempts: Attempts, lost: LostAnswer
    ) -> None:
        """Wait before re-sending a call whose answer was lost; raise when out."""
        if not attempts.pause(lost.hint):
            raise self._exhausted(call, attempts, lost.failure)

    def _fetch_token(self) -> str:
        if not self._credentials.can_refresh:
            raise AuthError("no Port credentials to obtain a token with")

        body = {
            "clientId": self._credentials.client_id,
            "clientSecret": self._credentials.client_secret,
        }
        try:
            response = self.send(Call("POST", TOKEN_PATH, json=body, auth=False))
        except AuthError as exc:
            raise with_message(
                exc, f"Port refused the client credentials: {exc.message}"
            ) from None

        payload = decode(response, "POST " + TOKEN_PATH)
        token = payload.get("accessToken") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise PortError("Port's token answer carries no accessToken")
        expires_in = payload.get("expiresIn")
        valid = isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
        self._tokens.store(token, float(expires_in) if valid else None)
        return token

    def _send_retrying(
        self, call: Call, attempts: Attempts, token: str | None
    ) -> httpx.Response:
        """Return the first answer that is not worth retrying."""
        while True:
            number = attempts.begin()
            try:
                response = self._send_once(call, number, token)
            except _RETRYABLE as exc:
                failure = error_from_transport(
                    exc, call.target, self.timeout, self.host
                )
                lost, hint, cause = not isinstance(exc, _NOT_SENT), None, exc
            except httpx.RequestError as exc:
                # Also a body that cannot be decoded (DecodingError is no transport
                # error), so it is reported like any other broken answer.
                raise error_from_transport(
                    exc, call.target, self.timeout, self.host
                ) from exc
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                failure = error_from_response(response)
                # A 429 means Port refused the request, so nothing was applied.
                lost, cause = response.status_code != 429, None
                hint = server_wait(response.headers, self._clock())

            if lost and not call.replayable:
                raise LostAnswer(failure, hint) from cause
            if not attempts.pause(hint):
                raise self._exhausted(call, attempts, failure) from cause

    def _send_once(self, call: Call, number: int, token: str | None) -> httpx.Response:
        self._throttle.wait()
        headers = {"Authorization": f"Bearer {token}"} if token else None
        if number == 1:
            log_request_body(call.method, call.path, call.json)

        started = time.perf_counter()
        try:
            response = self._http.request(
                call.method,
                call.path,
                params=call.params,
                json=call.json,
                headers=headers,
            )
        except httpx.TransportError as exc:
            elapsed = time.perf_counter() - started
            log_exchange(call.method, call.path, type(exc).__name__, elapsed, number)
            raise

        elapsed = time.perf_counter() - started
        log_exchange(call.method, call.path, response.status_code, elapsed, number)
        self._observe(response)
        return response

    def _observe(self, response: httpx.Response) -> None:
        if response.headers.get(SANDBOX_HEADER, "").strip() == "1":
            self.sandbox = True
        if response.is_success or response.status_code == 429:
            self._throttle.note(response.headers)

    @staticmethod
    def _exhausted(call: Call, attempts: Attempts, failure: PortError) -> PortError:
        summary = f"gave up {attempts.summary()}"
        if call.target not in failure.message:
            summary = f"{call.target}: {summary}"
        return with_message(failure, f"{failure.message} ({summary})")


def _host_of(base_url: str) -> str:
    """Return ``host:port`` of ``base_url`` (just the host for the scheme's port)."""
    url = httpx.URL(base_url)
    return f"{url.host}:{url.port}" if url.port else url.host


def decode(response: httpx.Response, target: str) -> Any:
    """Return the JSON body of a successful answer; an empty body decodes to None."""
    if not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        raise PortError(
            f"Port answered {target} with a body that is not JSON",
            status=response.status_code,
            trace_id=response.headers.get("X-Trace-Id"),
        ) from None
