"""Time for the sandbox: epoch seconds and Port's ISO 8601 timestamps (UTC, ms)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

_ONE_MS = timedelta(milliseconds=1)


def format_stamp(moment: datetime) -> str:
    """Return ``moment`` as Port writes it, e.g. ``2026-12-04T14:05:15.123Z``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def parse_stamp(text: str) -> datetime:
    """Return the datetime of a timestamp written by :func:`format_stamp`."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Clock:
    """Wall-clock time, injectable so tests can move it."""

    def __init__(self, time_fn: Callable[[], float] = time.time) -> None:
        self._time_fn = time_fn

    def now(self) -> float:
        """Return the current time in epoch seconds."""
        return self._time_fn()

    def stamp(self, previous: str | None = None) -> str:
        """Return a timestamp for now, strictly later than ``previous`` when given.

        Two writes within one millisecond must still show different ``updatedAt``
        values, so a stamp that would not move forward is bumped by a millisecond.
        """
        moment = datetime.fromtimestamp(self.now(), UTC)
        if previous:
            floor = parse_stamp(previous) + _ONE_MS
            moment = max(moment, floor)
        return format_stamp(moment)
