"""End-to-end fixtures: the real CLI against the sandbox, in-process or over HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from llmconf.cli import run
from llmconf.sandbox import ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, make_server

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@dataclass
class Result:
    """One CLI run: exit code and both streams."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass
class Org:
    """A sandbox org and a way to run the CLI against it."""

    state: Path
    prefix: list[str]
    capsys: pytest.CaptureFixture
    monkeypatch: pytest.MonkeyPatch

    def run(self, *args: str) -> Result:
        self.capsys.readouterr()
        code = run([*self.prefix, *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def run_bare(self, *args: str) -> Result:
        """Run the CLI without this org's target options."""
        self.capsys.readouterr()
        code = run(list(args))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def login(self, client_id: str, client_secret: str) -> None:
        self.monkeypatch.setenv("PORT_CLIENT_ID", client_id)
        self.monkeypatch.setenv("PORT_CLIENT_SECRET", client_secret)

    def secrets(self) -> list[str]:
        """Every secret value the org holds, and every credential and token it knows."""
        state = json.loads(self.state.read_text())
        values = [entry["value"] for entry in state["secrets"].values()]
        values += [user["secret"] for user in state["users"].values()]
        values += list(state["tokens"])
        assert len(values) >= 10
        return values


@pytest.fixture
def in_process_org(tmp_path, capsys, monkeypatch, clean_env) -> Org:
    state = tmp_path / "sandbox.json"
    return Org(state, ["--sandbox", str(state)], capsys, monkeypatch)


@pytest.fixture
def http_org(tmp_path, capsys, monkeypatch, clean_env) -> Iterator[Org]:
    state = tmp_path / "sandbox.json"
    server = make_server(state, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    org = Org(state, ["--api-url", f"http://{host}:{port}"], capsys, monkeypatch)
    org.login(ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET)
    try:
        yield org
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["in-process", "http"])
def org(request) -> Org:
    """The same org reached both ways, so both code paths run every test."""
    name = "in_process_org" if request.param == "in-process" else "http_org"
    return request.getfixturevalue(name)
