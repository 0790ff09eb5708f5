"""The load stage: file bytes to DesiredState, or a ConfigError with every problem."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llmconf.config.build import build_state
from llmconf.config.interpolate import interpolate
from llmconf.config.rules import (
    LITERAL_KEY,
    LITERAL_KEY_FROM_ENV,
    check_credential_names,
    check_model_names,
    check_urls,
    find_literal_keys,
)
from llmconf.config.schema import check_schema
from llmconf.config.yamlnodes import Document, dotted
from llmconf.config.yamlread import MAX_BYTES, read_document
from llmconf.errors import ConfigError, Problem
from llmconf.redact import register, scrub
from llmconf.state import DesiredState, JsonPath, Location

log = logging.getLogger(__name__)


def load_config(
    path: Path, *, environ: Mapping[str, str] | None = None
) -> DesiredState:
    """Read, check and build the config file at ``path``.

    Runs the syntax, schema, secret-name and interpolation checks; the cross-field
    checks are ``check_desired``'s. Raises ConfigError carrying every problem found.
    """
    file = str(path)
    if file == "-":
        message = "reading the config from stdin is not supported; pass a file path"
        raise ConfigError([Problem(file, 1, 1, "", message)])
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problem = Problem(file, 1, 1, "", f"cannot read the file: {reason}")
        raise ConfigError([problem]) from None
    return load_bytes(raw, Path(path), environ=environ)


def load_bytes(
    raw: bytes, source: Path, *, environ: Mapping[str, str] | None = None
) -> DesiredState:
    """Like ``load_config`` for bytes already read; problems name ``source``."""
    file = str(source)
    try:
        return _load(raw, source, os.environ if environ is None else environ)
    except ConfigError:
        raise
    # Hostile input must never surface as a traceback: any slip becomes a problem.
    except Exception as exc:
        log.debug("unexpected failure loading %s", file, exc_info=True)
        message = f"cannot read this file (internal error: {type(exc).__name__})"
        raise ConfigError([Problem(file, 1, 1, "", message)]) from None


def _load(raw: bytes, source: Path, environ: Mapping[str, str]) -> DesiredState:
    file = str(source)
    doc, problems = read_document(raw, file)
    if doc is None:
        raise ConfigError(_scrubbed(problems))

    locate = _Locator(doc, file)
    # A secret pasted as a variable name gets the message for that mistake, once.
    pasted = dict(check_credential_names(doc.data))
    for path, message in pasted.items():
        register(_value_at(doc.data, path))
        problems.append(locate(path, message, at_value=True))
    literal = {
        path: is_key
        for path, is_key in find_literal_keys(doc.data)
        if path not in pasted
    }
    for path, is_key in literal.items():
        problems.append(locate(path, LITERAL_KEY, at_value=not is_key))

    data, failed = interpolate(doc.data, environ)
    for path, message in failed:
        problems.append(locate(path, message, at_value=True))
    # A key can also arrive through ${VAR}; the file looked clean before that.
    arrived = [
        p for p, _ in find_literal_keys(data) if p not in literal and p not in pasted
    ]
    for path in arrived:
        register(_value_at(data, path))
        problems.append(locate(path, LITERAL_KEY_FROM_ENV, at_value=True))

    # Findings on values already reported (pasted keys, failed references) are noise.
    reported = set(literal) | set(pasted) | set(arrived) | {p for p, _ in failed}
    reported |= doc.reported
    for finding in check_schema(data, doc.plain):
        if finding.missing and finding.path in doc.lossy:
            continue
        if finding.path not in reported:
            problems.append(locate(finding.path, finding.message))
    if isinstance(data, dict):
        for path, message in check_urls(data) + check_model_names(data):
            problems.append(locate(path, message))

    if problems:
        raise ConfigError(_scrubbed(problems))
    count = len(data.get("providers", {}))
    log.info("loaded %s: %d provider%s", file, count, "" if count == 1 else "s")
    return build_state(data, source, doc.key_marks)


class _Locator:
    """Turns a path and message into a Problem at the key (or value) it names."""

    def __init__(self, doc: Document, file: str) -> None:
        self.doc = doc
        self.file = file

    def __call__(self, path: JsonPath, message: str, at_value: bool = False) -> Problem:
        line, col = self.where(path, at_value)
        return Problem(self.file, line, col, dotted(path), message)

    def where(self, path: JsonPath, at_value: bool) -> Location:
        if at_value and path in self.doc.value_marks:
            return self.doc.value_marks[path]
        probe = tuple(path)
        while probe and probe not in self.doc.key_marks:
            probe = probe[:-1]
        return self.doc.key_marks.get(probe, (1, 1))


def _value_at(data: Any, path: JsonPath) -> str | None:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, str) else None


def _scrubbed(problems: list[Problem]) -> list[Problem]:
    """Return ``problems`` deduplicated, with anything key-shaped masked."""
    unique = dict.fromkeys(problems)
    return [
        Problem(p.file, p.line, p.col, scrub(p.path), scrub(p.message)) for p in unique
    ]
