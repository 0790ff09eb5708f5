"""Terminal conventions: colour decisions, stderr messages and log setup, scrubbed."""

from __future__ import annotations

import logging
import os
import sys

import click

from llmconf.redact import scrub
from llmconf.render.values import printable


def colour_enabled(no_color_flag: bool) -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR set."""
    if no_color_flag or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def styler(enabled: bool):
    """Return a (text, colour) -> text function for the renderers."""
    if not enabled:
        return lambda text, _colour: text
    return lambda text, colour: click.style(text, fg=colour)


_quiet = False


def note(message: str) -> None:
    """Print an informational line on stderr, unless -q asked for errors only."""
    if _quiet:
        return
    click.echo(_safe(message), err=True)


def error(message: str) -> None:
    """Print ``error: message`` on stderr."""
    click.echo(f"error: {_safe(message)}", err=True)


def _safe(message: str) -> str:
    # Messages quote names from Port and the file: secrets are masked, and control
    # characters are spelled out line by line so no name can drive the terminal.
    return "\n".join(printable(line) for line in scrub(message).split("\n"))


class _ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        return True


class _Formatter(logging.Formatter):
    """Warnings read as ``warning: ...``; progress logs name their module."""

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno >= logging.WARNING:
            text = f"{record.levelname.lower()}: {record.getMessage()}"
        else:
            text = f"{record.levelname} {record.name}: {record.getMessage()}"
        if record.exc_info:
            # The filter scrubs the message only; a traceback is scrubbed here.
            text += "\n" + scrub(self.formatException(record.exc_info))
        return text


def setup_logging(verbosity: int, debug: bool) -> None:
    """Send llmconf's logs to stderr at the chosen level, with secrets masked.

    A negative ``verbosity`` (-q) also silences progress and notes.
    """
    global _quiet
    _quiet = verbosity < 0 and not debug
    level = logging.WARNING
    if debug:
        level = logging.DEBUG
    elif verbosity > 0:
        level = logging.INFO
    elif verbosity < 0:
        level = logging.ERROR
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ScrubFilter())
    handler.setFormatter(_Formatter())
    root = logging.getLogger("llmconf")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
