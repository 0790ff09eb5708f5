"""Fixtures shared by every test: a clean redaction registry and llmconf's logger."""

from __future__ import annotations

import logging

import pytest

from llmconf import redact


@pytest.fixture(autouse=True)
def clean_process_state():
    """Undo what one CLI run leaves in the process: registered secrets, log handlers."""
    logger = logging.getLogger("llmconf")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    redact.forget_all()
    yield
    redact.forget_all()
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the caller's Port credentials and CI variables out of a test run."""
    for name in (
        "PORT_CLIENT_ID",
        "PORT_CLIENT_SECRET",
        "PORT_TOKEN",
        "PORT_API_URL",
        "LLMCONF_SANDBOX",
        "GITHUB_STEP_SUMMARY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
