"""Strict YAML reader: bytes in, plain values out, with the line and column of keys."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from llmconf.config.yamlnodes import (
    MAX_DEPTH,
    MAX_NODES,
    TAG,
    Document,
    Limit,
    Walker,
    mark_of,
    too_deep,
    too_many,
)
from llmconf.errors import Problem
from llmconf.state import Location

MAX_BYTES = 1024 * 1024

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses deep or huge documents while composing them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._count = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        self._count += 1
        try:
            mark = self.peek_event().start_mark
            if self._depth > MAX_DEPTH:
                raise Limit(too_deep(), (mark.line + 1, mark.column + 1))
            if self._count > MAX_NODES:
                raise Limit(too_many(), (mark.line + 1, mark.column + 1))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# YAML 1.2 readers (most editors) take 1e3 as a number; flag it like other floats.
_Loader.add_implicit_resolver(
    TAG + "float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def read_document(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse ``raw`` strictly; return the document (None if unusable) and problems."""
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]

    try:
        root = _compose(text)
    except Limit as limit:
        return None, [Problem(file, *limit.where, "", limit.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]

    if root is None:
        message = "the file is empty: it needs at least 'version: 1' and 'providers:'"
        return None, [Problem(file, 1, 1, "", message)]
    if not isinstance(root, MappingNode):
        line, col = mark_of(root)
        message = "the top level must be a mapping with 'version' and 'providers'"
        return None, [Problem(file, line, col, "", message)]

    walker = Walker(_Loader(""), file)
    try:
        data = walker.walk(root, (), 0)
    except Limit as limit:
        return None, [Problem(file, *limit.where, "", limit.message)]
    return walker.document(data), walker.problems


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    if len(raw) > MAX_BYTES:
        message = "the file is larger than 1 MiB; no config needs that"
        return "", Problem(file, 1, 1, "", message)
    for bom, name in _BOMS:
        if raw.startswith(bom):
            message = f"the file is {name} encoded; save it as UTF-8"
            return "", Problem(file, 1, 1, "", message)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]

    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        byte = raw[exc.start]
        message = f"the file is not valid UTF-8 (byte 0x{byte:02x}); save it as UTF-8"
        return "", Problem(file, line, col, "", message)


def _position(raw: bytes, offset: int) -> Location:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = exc.problem or exc.context or "the file is not valid YAML"
    if isinstance(exc, yaml.composer.ComposerError) and "another document" in message:
        message = "the file holds more than one YAML document ('---'); keep one"
    elif "'\\t'" in message:
        message = "a tab character here is not allowed in YAML; indent with spaces"
    elif exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        message = f"{message} ({exc.context} at line {exc.context_mark.line + 1})"
    return Problem(file, line, col, "", message)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    message = f"the control character U+{code:04X} is not allowed in YAML"
    return Problem(file, line, col, "", message)
