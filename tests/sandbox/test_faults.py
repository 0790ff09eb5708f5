"""Fault injection via the in-process transport: latency, 429, 503, dropped writes."""

from __future__ import annotations

import httpx
import pytest

from llmconf.sandbox import Faults, SandboxTransport
from llmconf.sandbox import core as sandbox_core

from .conftest import BASE_URL, CheckedSandbox, signed_in

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}


class FrozenTime:
    def __init__(self) -> None:
        self.now = 1_800_000_000.25

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def faults() -> Faults:
    return Faults()


@pytest.fixture
def frozen() -> FrozenTime:
    return FrozenTime()


@pytest.fixture
def faulty(state_path, faults, frozen):
    """An admin client whose sandbox breaks as ``faults`` says (switched on later)."""
    with signed_in(CheckedSandbox(state_path, faults, clock=frozen)) as client:
        yield client


def test_more_than_n_requests_a_second_answer_429(faulty, faults, frozen):
    faults.throttle = 3
    frozen.now += 1

    answers = [faulty.get("/v1/llm-providers") for _ in range(5)]

    assert [r.status_code for r in answers] == [200, 200, 200, 429, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in answers] == [
        "2",
        "1",
        "0",
        "0",
        "0",
    ]
    limited = answers[3]
    assert limited.headers["Retry-After"] == "1"
    assert limited.headers["x-ratelimit-limit"] == "3"
    assert limited.headers["x-ratelimit-period"] == "1"
    assert int(limited.headers["x-ratelimit-reset"]) == int(frozen.now) + 1
    assert limited.json() == {
        "ok": False,
        "error": "rate_limited",
        "message": limited.json()["message"],
    }


def test_the_next_second_is_a_fresh_window(faulty, faults, frozen):
    faults.throttle = 1
    frozen.now += 1
    faulty.get("/v1/llm-providers")
    assert faulty.get("/v1/llm-providers").status_code == 429

    frozen.now += 1

    assert faulty.get("/v1/llm-providers").status_code == 200


def test_a_throttled_write_is_not_applied(faulty, faults, frozen):
    faults.throttle = 1
    frozen.now += 1
    faulty.get("/v1/llm-providers")

    assert faulty.post("/v1/llm-providers", json=OPENAI).status_code == 429
    frozen.now += 1
    assert faulty.get("/v1/llm-providers/openai").status_code == 404


def test_every_nth_request_answers_503(faulty, faults):
    faults.flaky = 3

    codes = [faulty.get("/v1/llm-providers").status_code for _ in range(9)]

    # The token request already counted as the first.
    assert codes == [200, 503, 200, 200, 503, 200, 200, 503, 200]


def test_a_flaky_write_is_not_applied(faulty, faults):
    faults.flaky = 1

    response = faulty.post("/v1/llm-providers", json=OPENAI)

    assert response.status_code == 503
    assert response.json()["error"] == "service_unavailable"
    faults.flaky = 0
    assert faulty.get("/v1/llm-providers/openai").status_code == 404


def test_a_dropped_write_is_committed_but_never_answered(faulty, faults):
    faults.drop_after_write = True

    with pytest.raises(httpx.RemoteProtocolError):
        faulty.post("/v1/llm-providers", json=OPENAI)

    assert faulty.get("/v1/llm-providers/openai").status_code == 200


def test_failed_writes_and_reads_are_answered_even_when_dropping(faulty, faults):
    faults.drop_after_write = True

    refused = faulty.post(
        "/v1/llm-providers", json={"provider": "openai", "config": {}}
    )
    listed = faulty.get("/v1/llm-providers")

    assert refused.status_code == 400
    assert listed.status_code == 200


def test_tokens_are_still_issued_when_dropping(state_path):
    faults = Faults(drop_after_write=True)
    with signed_in(CheckedSandbox(state_path, faults)) as client:
        assert client.get("/v1/llm-providers").status_code == 200


def test_latency_sleeps_before_every_answer(state_path, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(sandbox_core.time, "sleep", slept.append)
    transport = SandboxTransport(CheckedSandbox(state_path, Faults(latency_ms=250)))

    with httpx.Client(transport=transport, base_url=BASE_URL) as client:
        client.get("/v1/llm-providers")
        client.get("/v1/nowhere")

    assert slept == [0.25, 0.25]
