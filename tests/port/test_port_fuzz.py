"""Whatever JSON Port sends back, parsing it never crashes."""

from __future__ import annotations

from typing import Any

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from llmconf.errors import PortError
from llmconf.port import error_from_response
from llmconf.port.live import build_live_state, parse_provider

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ok",
                    "error",
                    "name",
                    "message",
                    "details",
                    "result",
                    "providers",
                    "provider",
                    "enabled",
                    "config",
                    "overrides",
                    "models",
                    "effectiveModels",
                    "testedModels",
                    "createdAt",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)

# No deadline: these are correctness checks, never timing checks.
quiet = settings(deadline=None, max_examples=200)


@quiet
@given(body=json_values, status=st.integers(min_value=400, max_value=599))
def test_any_error_body_gives_a_port_error(body: Any, status: int) -> None:
    response = httpx.Response(status, json=body)

    error = error_from_response(response)

    assert isinstance(error, PortError)
    assert error.status == status
    assert error.message


@quiet
@given(listing=json_values, defaults=json_values)
def test_any_answers_give_a_live_state(listing: Any, defaults: Any) -> None:
    live = build_live_state(listing, defaults, api_url="u", sandbox=False)

    assert live.defaults.provider and live.defaults.model
    assert all(
        isinstance(on, bool)
        for p in live.providers.values()
        for on in p.effective.values()
    )


@quiet
@given(entry=st.dictionaries(st.text(max_size=5), json_values, max_size=4))
def test_any_provider_entry_parses_or_is_skipped(entry: dict) -> None:
    entry.setdefault("provider", "openai")

    provider = parse_provider(entry)

    assert provider is None or provider.type == entry["provider"]
