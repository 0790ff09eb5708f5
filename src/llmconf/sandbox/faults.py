"""Fault injection: latency, 429s, flaky 503s, dropped connections, a rival writer."""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from llmconf.errors import UsageError
from llmconf.sandbox.clock import Clock
from llmconf.sandbox.responses import SandboxResponse, generic_error
from llmconf.sandbox.seed import SECOND_WRITER_ID
from llmconf.sandbox.store import Store

# Advertised when no throttle is set; never enforced, so ordinary tests never see 429.
DEFAULT_PERIOD = 60
DEFAULT_LIMIT = 10_000
FAULTS_ENV = "LLMCONF_SANDBOX_FAULTS"


@dataclass
class Faults:
    """What to break. Zero or False switches a fault off; fields may change at run time.

    ``throttle``: more than this many requests in one second answer 429.
    ``flaky``: every Nth request answers 503. ``drop_after_write``: every committed
    write raises :class:`DropConnection` instead of answering.
    """

    latency_ms: int = 0
    throttle: int = 0
    flaky: int = 0
    drop_after_write: bool = False

    @classmethod
    def parse(cls, spec: str) -> Faults:
        """Return the faults of a spec like ``throttle=2,flaky=3,drop-after-write``.

        Raises UsageError naming the bad item and the known faults.
        """
        faults = cls()
        known = {f.name: f for f in fields(cls)}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, sep, value = item.partition("=")
            name = name.strip().replace("-", "_")
            field = known.get(name)
            if field is None:
                names = ", ".join(n.replace("_", "-") for n in known)
                raise UsageError(f"unknown sandbox fault {item!r}; known: {names}")
            setattr(faults, name, _fault_value(item, field.type, sep, value))
        return faults

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Faults:
        """Return the faults named in ``LLMCONF_SANDBOX_FAULTS`` (none when unset)."""
        env = os.environ if environ is None else environ
        return cls.parse(env.get(FAULTS_ENV, ""))


def _fault_value(item: str, kind: Any, sep: str, value: str) -> int | bool:
    if kind in (bool, "bool"):
        if not sep or value.strip().lower() in ("1", "true", "yes", "on"):
            return True
        if value.strip().lower() in ("0", "false", "no", "off"):
            return False
    elif value.strip().isdigit():
        return int(value)
    raise UsageError(f"bad sandbox fault {item!r} in {FAULTS_ENV}")


class DropConnection(Exception):
    """The write was saved; the caller must close the connection without answering."""

    def __init__(self, response: SandboxResponse) -> None:
        super().__init__("connection dropped after a committed write")
        self.response = response


@dataclass(frozen=True)
class RateWindow:
    """The rate-limit figures every response carries."""

    period: int
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-period": str(self.period),
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
        }


class FaultGate:
    """Counts requests for the rate window and the flaky fault; thread safe."""

    def __init__(self, faults: Faults, clock: Clock) -> None:
        self._faults = faults
        self._clock = clock
        self._lock = threading.Lock()
        self._window_start = -1
        self._window_used = 0
        self._requests = 0

    def admit(self) -> tuple[RateWindow, SandboxResponse | None]:
        """Count one request; return the rate window and a fault answer, if any."""
        with self._lock:
            throttle = self._faults.throttle
            period, limit = (
                (1, throttle) if throttle > 0 else (DEFAULT_PERIOD, DEFAULT_LIMIT)
            )
            now = self._clock.now()
            start = int(now // period) * period
            if start != self._window_start:
                self._window_start, self._window_used = start, 0
            reset = start + period

            if throttle > 0 and self._window_used >= limit:
                window = RateWindow(period, limit, 0, reset)
                return window, _throttled(window, now)

            self._window_used += 1
            self._requests += 1
            window = RateWindow(period, limit, max(limit - self._window_used, 0), reset)
            flaky = self._faults.flaky
            if flaky > 0 and self._requests % flaky == 0:
                return window, _unavailable(flaky)
            return window, None


def _throttled(window: RateWindow, now: float) -> SandboxResponse:
    message = f"Rate limit exceeded: more than {window.limit} requests per second"
    response = generic_error(429, "rate_limited", message).response
    retry_after = max(1, math.ceil(window.reset - now))
    headers = {**response.headers, "Retry-After": str(retry_after)}
    return SandboxResponse(response.status, headers, response.body)


def _unavailable(every: int) -> SandboxResponse:
    message = (
        f"Service temporarily unavailable (sandbox fault: 1 request in {every} fails)"
    )
    return generic_error(503, "service_unavailable", message).response


def simulate_second_writer(
    state_path: Path, provider: str, changes: dict[str, Any] | None = None
) -> None:
    """Rewrite a stored provider as another admin would, bumping updatedAt/updatedBy.

    ``changes`` replaces top-level keys (``enabled``, ``config``, ``overrides``) first;
    without it the content stays the same and only the write metadata moves.
    Raises KeyError when the provider is not configured.
    """
    clock = Clock()
    with Store(Path(state_path), clock).transaction() as txn:
        record = txn.state["providers"][provider]
        record.update(changes or {})
        record["updatedAt"] = clock.stamp(record.get("updatedAt"))
        record["updatedBy"] = SECOND_WRITER_ID
