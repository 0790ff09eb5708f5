"""A Port that hangs or refuses connections: bounded, honest failure and no writes."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import EXAMPLES
from tests.reliability.conftest import TOTALS, Cli

QUICKSTART = next(p for p in EXAMPLES if p.stem == "quickstart")
BUDGET = ("--timeout", "0.3", "--max-attempts", "2", "--max-retry-seconds", "1")


@pytest.fixture
def hung_url() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


@pytest.fixture
def refused_url() -> str:
    """A loopback port nobody listens on (bound, then released)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize(
    "command", [("plan",), ("apply", "--auto-approve")], ids=["plan", "apply"]
)
def test_hung_server_times_out(hung_url, admin_env, capsys, command):
    cli = Cli(["--api-url", hung_url, *BUDGET], capsys)

    result = cli.run(*command, "-c", str(QUICKSTART))
    TOTALS.scenarios += 1

    assert result.code == 1, result.text
    assert "no answer within the 0.3 s timeout" in result.err
    assert "after 2 attempts" in result.err


def test_connection_refused_is_reported(refused_url, admin_env, capsys):
    cli = Cli(["--api-url", refused_url, *BUDGET], capsys)

    result = cli.run("apply", "--auto-approve", "-c", str(QUICKSTART))
    TOTALS.scenarios += 1

    assert result.code == 1, result.text
    assert "after 2 attempts" in result.err
    assert "could not connect" in result.err
