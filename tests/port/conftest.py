"""Fixtures for the Port client tests: a fake Port behind a mock transport."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from port_fakes import BASE_URL, CLIENT_ID, CLIENT_SECRET, FakePort, FakeTime

from llmconf.port import Credentials, PortClient, RetryPolicy

MakeClient = Callable[..., PortClient]


@pytest.fixture
def fake_port() -> FakePort:
    return FakePort()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_port: FakePort, fake_time: FakeTime) -> Iterator[MakeClient]:
    """Return a factory for clients wired to ``fake_port`` and ``fake_time``."""
    made: list[PortClient] = []

    def build(
        credentials: Credentials | None = None,
        retry: RetryPolicy | None = None,
        **options: Any,
    ) -> PortClient:
        client = PortClient(
            BASE_URL,
            credentials or Credentials(CLIENT_ID, CLIENT_SECRET),
            transport=httpx.MockTransport(fake_port),
            retry=retry,
            sleep=fake_time.sleep,
            clock=fake_time.clock,
            rand=lambda: 1.0,
            **options,
        )
        made.append(client)
        return client

    yield build
    for client in made:
        client.close()
