"""Retry budget, backoff with full jitter, and Port's rate-limit headers."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

# Statuses that mean "not done, ask again later"; 500 is a real failure and is not here.
RETRY_STATUSES = frozenset({429, 502, 503, 504})

# A reset value this small cannot be an epoch time; some gateways send seconds to wait.
_EPOCH_FLOOR = 1_000_000_000

Sleep = Callable[[float], None]
Clock = Callable[[], float]
Rand = Callable[[], float]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long one call may be retried."""

    max_attempts: int = 5
    max_total_seconds: float = 60.0
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.max_total_seconds, self.base_delay, self.max_delay) < 0:
            raise ValueError("retry delays must not be negative")

    def backoff(self, failures: int, rand: Rand) -> float:
        """Return the pause after ``failures`` failed attempts (full jitter)."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(failures - 1, 0))
        return ceiling * rand()


def server_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Return how long Port asks the client to wait, or None when it does not say.

    ``Retry-After`` (seconds or an HTTP date) wins over an exhausted rate-limit window.
    """
    retry_after = headers.get("retry-after")
    if retry_after:
        wait = _parse_retry_after(retry_after.strip(), now)
        if wait is not None:
            return max(wait, 0.0)

    reset = window_reset(headers, now)
    return None if reset is None else max(reset - now, 0.0)


def window_reset(headers: Mapping[str, str], now: float) -> float | None:
    """Return the epoch time the rate-limit window reopens, when it is exhausted."""
    if (headers.get("x-ratelimit-remaining") or "").strip() != "0":
        return None
    reset = _number(headers.get("x-ratelimit-reset"))
    if reset is None:
        return None
    return reset if reset >= _EPOCH_FLOOR else now + reset


def _parse_retry_after(value: str, now: float) -> float | None:
    seconds = _number(value)
    if seconds is not None:
        return seconds
    try:
        return parsedate_to_datetime(value).timestamp() - now
    except (TypeError, ValueError):
        return None


def _number(value: str | None) -> float | None:
    # "nan", "inf" or "1e400" in a header would crash or stall the pacing below.
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


class Attempts:
    """Counts the attempts of one logical call and spends its time budget."""

    def __init__(self, policy: RetryPolicy, sleep: Sleep, clock: Clock, rand: Rand):
        self.policy = policy
        self.count = 0
        self._sleep = sleep
        self._clock = clock
        self._rand = rand
        self._started = clock()

    def begin(self) -> int:
        """Record that an attempt starts; return its number, from 1."""
        self.count += 1
        return self.count

    def pause(self, hint: float | None) -> bool:
        """Sleep before the next attempt; return False when no attempt is left.

        ``hint`` is the wait Port asked for; it is honoured up to the remaining budget.
        """
        if self.count >= self.policy.max_attempts:
            return False
        remaining = self.policy.max_total_seconds - (self._clock() - self._started)
        if remaining <= 0:
            return False

        delay = self.policy.backoff(self.count, self._rand) if hint is None else hint
        delay = min(max(delay, 0.0), remaining)
        if delay > 0:
            self._sleep(delay)
        return True

    def summary(self) -> str:
        """Return "after N attempts" for error messages."""
        noun = "attempt" if self.count == 1 else "attempts"
        return f"after {self.count} {noun}"


class Throttle:
    """Paces requests by Port's rate-limit headers, shared by every thread of a client.

    Each answer tells how many requests are left in the window and when it resets
    (``x-ratelimit-remaining``, ``-reset``, and ``-limit``/``-period`` for the next
    window). Requests book those slots before they are sent, so parallel reads do
    not all run into 429 at once.
    """

    def __init__(self, sleep: Sleep, clock: Clock, cap: float) -> None:
        self._sleep = sleep
        self._clock = clock
        self._cap = cap
        self._lock = threading.Lock()
        self._start = 0.0
        self._end: float | None = None
        self._slots: int | None = None
        self._limit: int | None = None
        self._period: float | None = None

    def note(self, headers: Mapping[str, str]) -> None:
        """Remember the window an answer (success or 429) announces."""
        now = self._clock()
        remaining = _number(headers.get("x-ratelimit-remaining"))
        reset = _number(headers.get("x-ratelimit-reset"))
        if remaining is None or reset is None:
            return
        reset = reset if reset >= _EPOCH_FLOOR else now + reset
        # A reset far beyond any retry budget (epoch milliseconds, say) is not a
        # window this client can wait for.
        reset = min(reset, now + self._cap)
        limit = _number(headers.get("x-ratelimit-limit"))
        period = _number(headers.get("x-ratelimit-period"))
        with self._lock:
            self._limit = int(limit) if limit and limit > 0 else None
            self._period = period if period and period > 0 else None
            if self._end is None or reset > self._end:
                # Without a period the known slots belong to the window open now.
                self._start = reset - self._period if self._period else now
                self._end, self._slots = reset, int(remaining)
            elif reset == self._end and self._slots is not None:
                self._slots = min(self._slots, int(remaining))

    def wait(self) -> float:
        """Book a slot, sleeping until its window opens (at most ``cap`` s)."""
        with self._lock:
            delay = self._book(self._clock())
        delay = min(delay, self._cap)
        if delay <= 0:
            return 0.0
        self._sleep(delay)
        return delay

    def _book(self, now: float) -> float:
        if self._end is None or self._slots is None:
            return 0.0
        if now >= self._end:
            if self._limit is None or self._period is None:
                # Past the window and nothing known about the next one: go freely.
                self._end = self._slots = None
                return 0.0
            passed = max(1, math.ceil((now - self._end) / self._period))
            self._start = self._end + (passed - 1) * self._period
            self._end, self._slots = self._start + self._period, self._limit
        if self._slots <= 0:
            if self._limit is None or self._period is None:
                wait, self._end, self._slots = self._end - now, None, None
                return wait
            self._start, self._end = self._end, self._end + self._period
            self._slots = self._limit
        self._slots -= 1
        return max(self._start - now, 0.0)
