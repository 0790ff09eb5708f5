"""Retries: backoff with a fake clock, Port's wait hints, and the retry budget."""

from __future__ import annotations

from email.utils import formatdate

import httpx
import pytest
from port_fakes import START, FakePort, FakeTime, answer

from llmconf.errors import PortError, RateLimitedError, UnavailableError
from llmconf.port import RetryPolicy
from llmconf.port.retry import Attempts, server_wait

LIST = "/v1/llm-providers"
BUSY = {"ok": False, "error": "rate_limited", "message": "Too many requests"}
DOWN = {"ok": False, "error": "unavailable", "message": "Service unavailable"}


def throttled(headers: dict[str, str]) -> httpx.Response:
    return answer(429, BUSY, headers=headers)


@pytest.mark.parametrize(
    ("failures", "ceiling"),
    [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (9, 8.0)],
)
def test_backoff_doubles_up_to_the_cap(failures: int, ceiling: float) -> None:
    policy = RetryPolicy()

    assert policy.backoff(failures, lambda: 1.0) == ceiling
    assert policy.backoff(failures, lambda: 0.25) == ceiling / 4


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after": formatdate(START + 7, usegmt=True)}, 7.0),
        ({"retry-after": "-4"}, 0.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(START + 12)}, 12.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "5"}, 5.0),
        ({"x-ratelimit-remaining": "3", "x-ratelimit-reset": str(START + 12)}, None),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_server_wait_reads_port_hints(headers: dict, expected: float | None) -> None:
    assert server_wait(httpx.Headers(headers), START) == expected


def test_retry_after_is_honoured_on_429(make_client, fake_port: FakePort, fake_time):
    fake_port.script("GET", LIST, throttled({"Retry-After": "3"}))

    make_client().read_live()

    assert fake_time.sleeps == [3.0]
    assert fake_port.count("GET", LIST) == 2


def test_exhausted_rate_window_waits_until_reset(make_client, fake_port, fake_time):
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(START) + 20)}
    fake_port.script("GET", LIST, throttled(reset))

    make_client().read_live()

    assert fake_time.sleeps == [20.0]


def test_flaky_503_is_retried_with_backoff(make_client, fake_port, fake_time) -> None:
    fake_port.script("GET", LIST, answer(503, DOWN), answer(503, DOWN))

    make_client().read_live()

    assert fake_time.sleeps == [0.5, 1.0]
    assert fake_port.count("GET", LIST) == 3


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ReadError("reset"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("closed"),
    ],
)
def test_connection_failures_on_reads_are_retried(
    make_client, fake_port, fake_time, error: Exception
) -> None:
    fake_port.script("GET", LIST, error)

    assert make_client().read_live().providers == {}
    assert fake_port.count("GET", LIST) == 2


def test_rate_limit_gives_up_after_max_attempts(make_client, fake_port, fake_time):
    fake_port.script("GET", LIST, *[throttled({"Retry-After": "1"})] * 5)

    with pytest.raises(RateLimitedError) as caught:
        make_client().read_live()

    assert "gave up after 5 attempts" in caught.value.message
    assert caught.value.message.startswith("Too many requests")
    assert caught.value.status == 429
    assert fake_time.sleeps == [1.0] * 4


def test_total_budget_stops_retries_early(make_client, fake_port, fake_time) -> None:
    fake_port.script("GET", LIST, *[throttled({"Retry-After": "30"})] * 5)
    policy = RetryPolicy(max_attempts=10, max_total_seconds=45)

    with pytest.raises(RateLimitedError) as caught:
        make_client(retry=policy).read_live()

    # 30 s, then only the 15 s left of the budget, then no time at all.
    assert fake_time.sleeps == [30.0, 15.0]
    assert "after 3 attempts" in caught.value.message


def test_unreachable_port_names_the_attempts(make_client, fake_port) -> None:
    fake_port.script("GET", LIST, *[httpx.ConnectError("refused")] * 3)

    with pytest.raises(UnavailableError) as caught:
        make_client(retry=RetryPolicy(max_attempts=3)).read_live()

    assert "GET /v1/llm-providers" in caught.value.message
    assert "gave up after 3 attempts" in caught.value.message


@pytest.mark.parametrize("status", [500, 400, 404])
def test_other_failures_are_not_retried(make_client, fake_port, status: int):
    fake_port.script("GET", LIST, answer(status, DOWN))

    with pytest.raises(PortError):
        make_client().read_live()
    assert fake_port.count("GET", LIST) == 1


def test_token_request_is_retried(make_client, fake_port, fake_time) -> None:
    fake_port.script("POST", "/v1/auth/access_token", answer(502, DOWN))

    make_client().token()

    assert fake_port.count("POST", "/v1/auth/access_token") == 2


def test_exhausted_window_on_success_holds_the_next_request(
    make_client, fake_port: FakePort, fake_time: FakeTime
) -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(START + 9)}
    fake_port.script(
        "POST",
        "/v1/auth/access_token",
        answer(200, {"accessToken": "tok-throttle-1234", "expiresIn": 99}, headers),
    )

    client = make_client()
    client.token()
    assert fake_time.sleeps == []

    fake_port.token = "tok-throttle-1234"
    client.get_provider("openai")
    assert fake_time.sleeps == [9.0]


def test_attempts_report_their_count() -> None:
    attempts = Attempts(
        RetryPolicy(max_attempts=2), lambda s: None, lambda: 0.0, lambda: 0.0
    )
    attempts.begin()

    assert attempts.pause(None) is True
    attempts.begin()
    assert attempts.pause(None) is False
    assert attempts.summary() == "after 2 attempts"


@pytest.mark.parametrize(
    "options",
    [{"max_attempts": 0}, {"base_delay": -1}, {"max_total_seconds": -1}],
)
def test_retry_policy_rejects_impossible_values(options: dict) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**options)


def _throttle(now: float = 1000.0):
    from llmconf.port.retry import Throttle

    slept: list[float] = []
    return Throttle(slept.append, lambda: now, cap=60.0), slept


def test_slots_left_without_a_period_are_used_at_once() -> None:
    throttle, slept = _throttle()
    throttle.note({"x-ratelimit-remaining": "100", "x-ratelimit-reset": "30"})

    waits = [throttle.wait() for _ in range(5)]

    assert waits == [0.0] * 5
    assert slept == []


@pytest.mark.parametrize(
    "headers",
    [
        {"x-ratelimit-remaining": "nan", "x-ratelimit-reset": "30"},
        {"x-ratelimit-remaining": "1e400", "x-ratelimit-reset": "30"},
        {"x-ratelimit-remaining": "5", "x-ratelimit-reset": "inf"},
        {
            "x-ratelimit-remaining": "5",
            "x-ratelimit-reset": "30",
            "x-ratelimit-limit": "nan",
        },
    ],
)
def test_non_finite_rate_headers_neither_crash_nor_stall(headers) -> None:
    throttle, slept = _throttle()

    throttle.note(headers)

    assert throttle.wait() == 0.0
    assert slept == []


def test_a_reset_beyond_the_budget_waits_at_most_the_cap() -> None:
    throttle, slept = _throttle()
    throttle.note({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4000000000000"})

    throttle.wait()

    assert slept and max(slept) <= 60.0


def test_an_undecodable_answer_is_a_port_error_not_a_crash(make_client, fake_port):
    from llmconf.errors import PortError

    broken = httpx.Response(
        200,
        headers={"Content-Encoding": "gzip"},
        stream=httpx.ByteStream(b"not gzip at all"),
    )
    fake_port.script("GET", LIST, broken)

    with pytest.raises(PortError):
        make_client().read_live()
