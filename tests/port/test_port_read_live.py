"""read_live: the fewest requests, run concurrently, and tolerant parsing."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from port_fakes import TOKEN, answer

from llmconf.port import Credentials
from llmconf.port.live import build_live_state, model_flags, parse_provider
from llmconf.state import Defaults, LiveProvider


def test_read_live_makes_exactly_three_requests(make_client, fake_port) -> None:
    fake_port.add_provider("openai", config={"apiKeySecretName": "OPENAI_KEY"})
    fake_port.add_provider("anthropic", config={"apiKeySecretName": "ANTHROPIC"})

    live = make_client().read_live()

    calls = [(r.method, r.url.path) for r in fake_port.requests]
    assert calls[0] == ("POST", "/v1/auth/access_token")
    assert sorted(calls[1:]) == [
        ("GET", "/v1/llm-providers"),
        ("GET", "/v1/llm-providers/defaults"),
    ]
    assert sorted(live.providers) == ["anthropic", "openai"]


def test_list_and_defaults_reads_overlap(make_client, fake_port) -> None:
    # Each read waits at the barrier for the other one; serial reads would break it.
    fake_port.barrier = threading.Barrier(2, timeout=10)

    live = make_client(Credentials(token=TOKEN)).read_live()

    assert len(fake_port.requests) == 2
    assert not fake_port.barrier.broken
    assert live.defaults == Defaults("port", "claude-sonnet-4-5-20250929")


def test_live_state_reports_providers_and_defaults(make_client, fake_port) -> None:
    fake_port.add_provider(
        "bedrock",
        config={"roleArn": "arn:aws:iam::123456789012:role/x", "region": "eu-west-1"},
        enabled=False,
        overrides={"models": {"claude-opus-4-6": {"enabled": False}}},
    )
    fake_port.defaults = {"provider": "bedrock", "model": "x", "updatedAt": "2026"}

    live = make_client().read_live()

    bedrock = live.providers["bedrock"]
    assert bedrock.enabled is False
    assert bedrock.config["region"] == "eu-west-1"
    assert bedrock.overrides == {"claude-opus-4-6": False}
    assert bedrock.effective["claude-opus-4-6"] is False
    assert bedrock.effective["claude-sonnet-4-20250514"] is True
    assert (bedrock.updated_at, bedrock.updated_by) == (
        "2026-01-01T00:00:00Z",
        "someone",
    )
    assert live.defaults == Defaults("bedrock", "x")
    assert live.defaults_set is True
    assert live.api_url == "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("defaults", "chosen"),
    [
        ({"provider": "port", "model": "claude-sonnet-4-5-20250929"}, False),
        ({"provider": "openai", "model": "gpt-5", "createdAt": "2026-01-01"}, True),
        ({"provider": "openai", "model": "gpt-5", "updatedAt": "2026-01-01"}, True),
    ],
)
def test_defaults_set_only_with_timestamps(
    make_client, fake_port, defaults: dict, chosen: bool
) -> None:
    fake_port.defaults = defaults

    assert make_client().read_live().defaults_set is chosen


@pytest.mark.parametrize(("header", "sandbox"), [("1", True), ("0", False)])
def test_sandbox_header_marks_live_state(
    make_client, fake_port, header: str, sandbox: bool
) -> None:
    fake_port.extra_headers = {"X-Llmconf-Sandbox": header}

    assert make_client().read_live().sandbox is sandbox


def test_providers_list_key_is_accepted(make_client, fake_port) -> None:
    entry = {"provider": "openai", "enabled": True, "effectiveModels": {}}
    fake_port.script(
        "GET", "/v1/llm-providers", answer(200, {"ok": True, "providers": [entry]})
    )

    assert list(make_client().read_live().providers) == ["openai"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"gpt-5": {"enabled": True}, "o3": {"enabled": False}},
            {"gpt-5": True, "o3": False},
        ),
        ({"gpt-5": {}}, {"gpt-5": True}),
        ({"gpt-5": False}, {"gpt-5": False}),
        (
            [
                {"model": "a-1", "enabled": False},
                {"id": "b-2", "enabled": True},
                {"name": "c-3"},
                {"enabled": False},
                "junk",
            ],
            {"a-1": False, "b-2": True, "c-3": True},
        ),
        (None, {}),
        ("nonsense", {}),
    ],
)
def test_model_maps_accept_objects_and_arrays(value: Any, expected: dict) -> None:
    assert model_flags(value) == expected


def test_provider_entries_tolerate_unknown_and_missing_keys() -> None:
    entry = {"provider": "vertex-future", "brandNew": {"x": 1}}

    assert parse_provider(entry) == LiveProvider(
        type="vertex-future", enabled=True, config={}, overrides={}, effective={}
    )


def test_entries_without_a_type_are_skipped() -> None:
    payload = {
        "ok": True,
        "result": [{"enabled": True}, "junk", {"provider": "port", "enabled": True}],
    }

    live = build_live_state(payload, {"ok": True}, api_url="u", sandbox=False)

    assert list(live.providers) == ["port"]
    assert live.defaults == Defaults("port", "claude-sonnet-4-5-20250929")
    assert live.defaults_set is False
