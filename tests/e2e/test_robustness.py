"""The CLI on inputs a new user gets wrong: odd credentials, paths and state files."""

from __future__ import annotations

import socket

import pytest

from .conftest import EXAMPLES, Org

QUICKSTART = next(path for path in EXAMPLES if path.name == "quickstart.yaml")


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("PORT_TOKEN", "tok-first-part\ntok-rest-of-it", "a line break or other"),
        ("PORT_TOKEN", "tök-with-accents-1", "a non-ASCII character"),
        ("PORT_CLIENT_SECRET", "cs-first\r\ncs-rest-of-it", "a line break or other"),
        ("PORT_CLIENT_SECRET", "sändbox-secret", "a non-ASCII character"),
    ],
)
def test_unsendable_credentials_are_refused_before_any_request(
    http_org: Org, variable: str, value: str, reason: str
) -> None:
    http_org.monkeypatch.setenv(variable, value)

    result = http_org.run("plan", "-c", str(QUICKSTART))

    assert result.code == 1
    assert f"error: {variable} contains {reason}" in result.err
    for part in value.split():
        assert part[:6] not in result.text
    assert not http_org.state.exists()


def test_a_refused_connection_names_the_host(in_process_org: Org) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        host = f"127.0.0.1:{probe.getsockname()[1]}"
    in_process_org.monkeypatch.setenv("PORT_TOKEN", "tok-ready-token-1")

    result = in_process_org.run_bare(
        "--api-url",
        f"http://{host}",
        "--max-attempts",
        "1",
        "plan",
        "-c",
        str(QUICKSTART),
    )

    assert result.code == 1
    assert f"could not connect to {host} (" in result.err
    assert "tok-ready-token-1" not in result.text
