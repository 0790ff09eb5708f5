"""Fixtures for the Bedrock helpers: a loopback moto server and a sealed AWS env."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bedrock_helpers import CALLER_KEY_ID, CALLER_SECRET
from moto.server import ThreadedMotoServer

from llmconf import runner
from llmconf.state import DesiredProvider, DesiredState


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_env(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point every boto3 call at the loopback server, with fake caller keys."""
    for name in list(os.environ):
        if name.startswith(("AWS_", "LLMCONF_BEDROCK_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CALLER_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CALLER_SECRET)
    return moto_url


@pytest.fixture
def config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Return a function that makes the loader answer with the given providers."""

    def install(**providers: DesiredProvider) -> Path:
        path = tmp_path / "llmconf.yaml"
        state = DesiredState(source=path, providers=providers)

        def load_desired(given: Path, options, *, offline: bool = False):
            assert Path(given) == path and offline
            return state

        monkeypatch.setattr(runner, "load_desired", load_desired)
        return path

    return install
