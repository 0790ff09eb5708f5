"""Reliability fixtures: faulty loopback sandboxes, write counts, the summary line."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from llmconf.cli import run
from llmconf.sandbox import (
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET,
    Exchange,
    Faults,
    make_server,
)
from tests.e2e.conftest import Result

TRACEBACK = "Traceback (most recent call last)"


@dataclass
class Totals:
    """What the whole reliability run saw, printed as one line at the end."""

    scenarios: int = 0
    bad_inputs: int = 0
    tracebacks: int = 0
    bad_writes: int = 0

    def line(self) -> str:
        return (
            f"reliability: {self.scenarios} scenarios, {self.bad_inputs} bad inputs, "
            f"{self.tracebacks} tracebacks, {self.bad_writes} writes lost or duplicated"
        )


TOTALS = Totals()


def pytest_terminal_summary(terminalreporter) -> None:
    if TOTALS.scenarios or TOTALS.bad_inputs:
        terminalreporter.write_line(TOTALS.line())


@pytest.fixture
def totals() -> Totals:
    return TOTALS


def count_traceback(result: Result) -> bool:
    """Record a run that showed a traceback or ended as an internal error."""
    seen = TRACEBACK in result.text or result.code == 3
    TOTALS.tracebacks += seen
    return seen


@dataclass
class WriteLog:
    """Every request the sandbox committed, keyed as (method, provider)."""

    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)

    def committed(self) -> Counter[tuple[str, str]]:
        return Counter(_key(e) for e in self.exchanges if e.committed)

    def clear(self) -> None:
        self.exchanges.clear()


def _key(exchange: Exchange) -> tuple[str, str]:
    parts = exchange.path.strip("/").split("/")
    if exchange.method == "POST" and parts == ["v1", "llm-providers"]:
        return "POST", str(json.loads(exchange.body).get("provider"))
    return exchange.method, parts[-1]


def expected_writes(plan_document: dict[str, Any]) -> Counter[tuple[str, str]]:
    """Return the commits a fully applied plan makes: one per action."""
    methods = {"create": "POST", "update": "PUT", "delete": "DELETE"}
    expected: Counter[tuple[str, str]] = Counter()
    for action in plan_document["actions"]:
        if action["kind"] == "set_defaults":
            expected["PUT", "defaults"] += 1
        else:
            expected[methods[action["kind"]], action["provider"]] += 1
    return expected


def check_writes(log: WriteLog, expected: Counter[tuple[str, str]]) -> int:
    """Return (and record) how many writes were lost or duplicated."""
    seen = log.committed()
    wrong = sum(abs(seen[k] - expected[k]) for k in set(seen) | set(expected))
    TOTALS.bad_writes += wrong
    return wrong


def org_snapshot(state: Path) -> dict[str, Any]:
    """Return the org part of a state file: providers and defaults, not tokens."""
    data = json.loads(state.read_text())
    return {"providers": data["providers"], "defaults": data["defaults"]}


@dataclass
class Cli:
    """Runs the CLI in-process and records each run's tracebacks."""

    prefix: list[str]
    capsys: pytest.CaptureFixture

    def run(self, *args: str, debug: bool = False, forced_bug: bool = False) -> Result:
        """Run llmconf; ``forced_bug`` marks a run whose traceback a test provoked."""
        self.capsys.readouterr()
        code = run([*self.prefix, *args], debug=debug)
        captured = self.capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        if not forced_bug:
            count_traceback(result)
        return result


@dataclass
class Served:
    """A sandbox on loopback with its faults, its write log and a CLI aimed at it."""

    state: Path
    url: str
    faults: Faults
    log: WriteLog
    cli: Cli
    hooks: list[Callable[[Exchange], None]]


@contextmanager
def serving(state: Path, faults: Faults, capsys) -> Iterator[Served]:
    log = WriteLog()
    hooks: list[Callable[[Exchange], None]] = []

    def observe(exchange: Exchange) -> None:
        for hook in list(hooks):
            hook(exchange)
        log(exchange)

    server = make_server(
        state, host="127.0.0.1", port=0, faults=faults, on_request=observe
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cli = Cli(["--api-url", server.url], capsys)
    try:
        yield Served(state, server.url, faults, log, cli, hooks)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def admin_env(monkeypatch, clean_env) -> None:
    monkeypatch.setenv("PORT_CLIENT_ID", ADMIN_CLIENT_ID)
    monkeypatch.setenv("PORT_CLIENT_SECRET", ADMIN_CLIENT_SECRET)


@pytest.fixture
def sandbox(tmp_path, capsys, admin_env) -> Callable[..., Any]:
    """Return ``start(faults)``: a context manager serving a fresh org with them."""

    def start(faults: Faults | None = None):
        return serving(tmp_path / "sandbox.json", faults or Faults(), capsys)

    return start
