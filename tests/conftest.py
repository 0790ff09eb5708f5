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
