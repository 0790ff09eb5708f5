"""The Port API client: one concurrent read of live state, and the provider writes."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from llmconf.errors import NotFoundError, PortError, UnavailableError
from llmconf.port.auth import Credentials, org_from_token
from llmconf.port.live import (
    build_live_state,
    model_flags,
    parse_defaults,
    parse_provider,
    provider_object,
)
from llmconf.port.retry import Clock, Rand, RetryPolicy, Sleep
from llmconf.port.session import Call, LostAnswer, Session, decode
from llmconf.state import Defaults, LiveState

logger = logging.getLogger(__name__)

PROVIDERS_PATH = "/v1/llm-providers"
DEFAULTS_PATH = "/v1/llm-providers/defaults"
SECRETS_PATH = "/v1/organization/secrets"
# Port lets only admins read one provider, so this read tells whether writes will pass.
MANAGE_PROBE_PATH = "/v1/llm-providers/port"
VALIDATE = {"validate_connection": "true"}

_SECRET_WORKERS = 4

T = TypeVar("T")


class PortClient:
    """A synchronous client for Port's LLM provider routes; a context manager."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        label: str | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
        rand: Rand = random.random,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        # What plans and reports call this target; the sandbox names its state file.
        self.label = label or self.base_url
        self._session = Session(
            self.base_url,
            credentials,
            transport=transport,
            timeout=timeout,
            retry=retry or RetryPolicy(),
            sleep=sleep,
            clock=clock,
            rand=rand,
        )

    def __enter__(self) -> PortClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        self._session.close()

    def token(self) -> str:
        """Return the bearer token, obtained once and renewed when it expires."""
        return self._session.token()

    @property
    def org_id(self) -> str | None:
        """Return the org the token was issued for (its ``orgId``); None if unknown."""
        return org_from_token(self._session.token())

    def read_live(self) -> LiveState:
        """Return the org's live state from one list read and one defaults read.

        The two reads run in parallel, after the token (if one must be obtained).
        """
        self._session.token()
        with ThreadPoolExecutor(
            max_workers=2, thread_name_prefix="llmconf-read"
        ) as pool:
            listing = pool.submit(self._get, PROVIDERS_PATH)
            defaults = pool.submit(self._get, DEFAULTS_PATH)
            list_payload, defaults_payload = listing.result(), defaults.result()

        live = build_live_state(
            list_payload,
            defaults_payload,
            api_url=self.label,
            sandbox=self._session.sandbox,
        )
        live.org = self.org_id
        return live

    def get_provider(self, kind: str) -> dict[str, Any] | None:
        """Return Port's object for provider ``kind``; None when it is not set up."""
        try:
            payload = self._get(_provider_path(kind))
        except NotFoundError:
            return None
        found = provider_object(payload)
        if found is None:
            raise PortError(
                f"Port's answer for provider {kind!r} has no provider object"
            )
        return found

    def create_provider(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create the provider ``body`` describes, with Port's connection test.

        An answer lost after sending is settled by reading the provider back, so a
        create is never sent twice when the first one was applied.
        """
        kind = _body_kind(body)
        call = Call(
            "POST", PROVIDERS_PATH, json=body, params=VALIDATE, replayable=False
        )
        return self._send_settled(
            call,
            lambda lost: self._settle_create(kind, body, lost),
            lambda response: self._provider_from(response, kind),
        )

    def update_provider(self, kind: str, body: dict[str, Any]) -> dict[str, Any]:
        """Change provider ``kind`` with Port's connection test; return its object.

        A lost answer is settled by reading the provider back, as for a create, so
        a write that was applied is not applied a second time.
        """
        call = Call(
            "PUT", _provider_path(kind), json=body, params=VALIDATE, replayable=False
        )
        return self._send_settled(
            call,
            lambda lost: self._settle_update(kind, body),
            lambda response: self._provider_from(response, kind),
        )

    def delete_provider(self, kind: str) -> None:
        """Delete provider ``kind``. Raises NotFoundError when it was not configured."""
        call = Call("DELETE", _provider_path(kind), replayable=False)
        attempts = self._session.attempts()
        lost_before = False
        while True:
            try:
                self._session.send(call, attempts)
                return
            except LostAnswer as lost:
                lost_before = True
                self._session.pause_after_loss(call, attempts, lost)
            except NotFoundError:
                # The earlier attempt whose answer was lost did the delete.
                if lost_before:
                    logger.info(
                        "provider %s was deleted by an unanswered attempt", kind
                    )
                    return
                raise

    def read_defaults(self) -> Defaults:
        """Return the org defaults Port reports now (system defaults when unset)."""
        return parse_defaults(self._get(DEFAULTS_PATH))[0]

    def set_defaults(self, provider: str, model: str) -> Defaults:
        """Set the org default provider and model; return what Port now reports."""
        wanted = Defaults(provider=provider, model=model)
        body = {"provider": provider, "model": model}
        call = Call("PUT", DEFAULTS_PATH, json=body, replayable=False)
        return self._send_settled(
            call,
            lambda lost: self._settle_defaults(wanted),
            lambda response: _defaults_from(response, wanted),
        )

    def secret_exists(self, name: str) -> bool:
        """Return True when the org has a secret called exactly ``name``."""
        try:
            self._get(f"{SECRETS_PATH}/{quote(name, safe='')}")
        except NotFoundError:
            return False
        return True

    def secrets_exist(self, names: Iterable[str]) -> dict[str, bool]:
        """Return ``{name: exists}`` for every name, checked in parallel."""
        unique = list(dict.fromkeys(names))
        if not unique:
            return {}

        self._session.token()
        workers = min(_SECRET_WORKERS, len(unique))
        with ThreadPoolExecutor(workers, thread_name_prefix="llmconf-secrets") as pool:
            found = list(pool.map(self.secret_exists, unique))
        return dict(zip(unique, found, strict=True))

    def check_can_manage(self) -> None:
        """Raise ForbiddenError when the token may not manage providers; read only."""
        try:
            self._get(MANAGE_PROBE_PATH)
        except NotFoundError:
            # Only an admin gets this far; a missing port provider is no obstacle.
            return

    def _get(self, path: str) -> Any:
        response = self._session.send(Call("GET", path))
        return decode(response, "GET " + path)

    def _provider_from(self, response: httpx.Response, kind: str) -> dict[str, Any]:
        """Return the provider object of a write's answer, reading it back if absent."""
        found = provider_object(decode(response, f"write of provider {kind!r}"))
        if found is not None:
            return found
        found = self.get_provider(kind)
        if found is None:
            raise PortError(f"Port accepted provider {kind!r} but does not list it")
        return found

    def _send_settled(
        self,
        call: Call,
        settle: Callable[[LostAnswer], T | None],
        done: Callable[[httpx.Response], T],
    ) -> T:
        """Send a write that must not be applied twice; settle lost answers by reading.

        ``settle`` returns the result when the lost attempt was applied, or None to
        send the write again (within the same retry budget).
        """
        attempts = self._session.attempts()
        while True:
            try:
                response = self._session.send(call, attempts)
            except LostAnswer as lost:
                settled = settle(lost)
                if settled is not None:
                    return settled
                self._session.pause_after_loss(call, attempts, lost)
            else:
                return done(response)

    def _settle_update(self, kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
        logger.info("no answer to the update of provider %s; reading it back", kind)
        live = self.get_provider(kind)
        if live is not None and _matches(body, live):
            return live
        return None

    def _settle_defaults(self, wanted: Defaults) -> Defaults | None:
        logger.info("no answer to setting the defaults; reading them back")
        current = self.read_defaults()
        return current if current == wanted else None

    def _settle_create(
        self, kind: str, body: dict[str, Any], lost: LostAnswer
    ) -> dict[str, Any] | None:
        """Return the provider if the lost create was applied; None if it was not."""
        logger.info("no answer to the create of provider %s; reading it back", kind)
        live = self.get_provider(kind)
        if live is None:
            return None
        if _matches(body, live):
            return live
        raise UnavailableError(
            f"the create of provider {kind!r} got no answer ({lost.failure.message}), "
            "and Port now holds a different configuration for it; run plan again"
        )


def _defaults_from(response: httpx.Response, wanted: Defaults) -> Defaults:
    payload = decode(response, "PUT " + DEFAULTS_PATH)
    if not isinstance(payload, dict) or not isinstance(payload.get("result"), dict):
        return wanted
    return parse_defaults(payload)[0]


def _provider_path(kind: str) -> str:
    return f"{PROVIDERS_PATH}/{quote(kind, safe='')}"


def _body_kind(body: dict[str, Any]) -> str:
    kind = body.get("provider")
    if not isinstance(kind, str) or not kind:
        raise ValueError("a provider body needs its type under 'provider'")
    return kind


def _matches(body: dict[str, Any], live: dict[str, Any]) -> bool:
    """Return True when ``live`` holds what ``body`` asked for."""
    provider = parse_provider(live)
    if provider is None or provider.enabled != body.get("enabled", True):
        return False

    sent_config = body.get("config") or {}
    if any(provider.config.get(key) != value for key, value in sent_config.items()):
        return False

    overrides = body.get("overrides")
    wanted = model_flags(
        overrides.get("models") if isinstance(overrides, dict) else None
    )
    seen = {**provider.effective, **provider.overrides}
    return all(seen.get(model) == on for model, on in wanted.items())
