"""The totals of the reliability run: no traceback, no write lost or duplicated."""

from __future__ import annotations

from tests.reliability.conftest import TOTALS


def test_no_traceback_was_seen_in_the_run():
    assert TOTALS.tracebacks == 0, TOTALS.line()


def test_no_write_was_lost_or_duplicated_in_the_run():
    assert TOTALS.bad_writes == 0, TOTALS.line()
