"""Strict YAML reader: bytes in, plain values out, with the line and column of keys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from llmconf.errors import Problem
from llmconf.state import JsonPath, Location

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 10_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_KINDS = {bool: "a boolean", int: "a number", float: "a number", type(None): "null"}

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


@dataclass
class Document:
    """A parsed file: its values, where each key and value sits, and risky scalars."""

    data: Any
    key_marks: dict[JsonPath, Location] = field(default_factory=dict)
    value_marks: dict[JsonPath, Location] = field(default_factory=dict)
    # Plain (unquoted) scalars that YAML read as something other than text.
    plain: dict[JsonPath, str] = field(default_factory=dict)
    # Values the reader already reported; later checks stay quiet about them.
    reported: set[JsonPath] = field(default_factory=set)
    # Mappings that lost a key the reader refused; their "missing" keys may be there.
    lossy: set[JsonPath] = field(default_factory=set)


class _Limit(Exception):
    """Raised when the input is bigger or deeper than any real config file."""

    def __init__(self, message: str, where: Location) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


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
                raise _Limit(_too_deep(), (mark.line + 1, mark.column + 1))
            if self._count > MAX_NODES:
                raise _Limit(_too_many(), (mark.line + 1, mark.column + 1))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# YAML 1.2 readers (most editors) take 1e3 as a number; flag it like other floats.
_Loader.add_implicit_resolver(
    _TAG + "float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


def _too_many() -> str:
    return f"the file holds more than {MAX_NODES} values, aliases expanded"


def _too_deep() -> str:
    return f"the file nests deeper than {MAX_DEPTH} levels; no config needs that"


def describe_plain(value: Any) -> str:
    """Return what YAML read an unquoted scalar as: 'a boolean', 'a date', ..."""
    return _KINDS.get(type(value), "a date")


def read_document(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse ``raw`` strictly; return the document (None if unusable) and problems."""
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]

    try:
        root = _compose(text)
    except _Limit as limit:
        return None, [Problem(file, *limit.where, "", limit.message)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file)]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, file)]

    if root is None:
        message = "the file is empty: it needs at least 'version: 1' and 'providers:'"
        return None, [Problem(file, 1, 1, "", message)]
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        message = "the top level must be a mapping with 'version' and 'providers'"
        return None, [Problem(file, line, col, "", message)]

    walker = _Walker(_Loader(""), file)
    try:
        data = walker.walk(root, (), 0)
    except _Limit as limit:
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


def _tag_message(node: Node) -> str:
    tag = node.tag.replace(_TAG, "!!", 1)
    return f"the tag '{tag}' is not supported; remove it"


def _mark(node: Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Walker:
    """Turns composed nodes into plain values, expanding aliases under a budget."""

    def __init__(self, loader: _Loader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.count = 0
        self.problems: list[Problem] = []
        self.key_marks: dict[JsonPath, Location] = {(): (1, 1)}
        self.value_marks: dict[JsonPath, Location] = {}
        self.plain: dict[JsonPath, str] = {}
        self.reported: set[JsonPath] = set()
        self.lossy: set[JsonPath] = set()

    def document(self, data: Any) -> Document:
        return Document(
            data,
            self.key_marks,
            self.value_marks,
            self.plain,
            self.reported,
            self.lossy,
        )

    def report(
        self, node: Node, path: JsonPath, message: str, value: bool = False
    ) -> None:
        if value:
            self.reported.add(path)
        self.problems.append(Problem(self.file, *_mark(node), dotted(path), message))

    def walk(self, node: Node, path: JsonPath, depth: int) -> Any:
        self.count += 1
        # Aliases are shared nodes: a few lines can expand to billions without a budget.
        if self.count > MAX_NODES:
            raise _Limit(_too_many(), _mark(node))
        if depth > MAX_DEPTH:
            raise _Limit(_too_deep(), _mark(node))

        self.value_marks[path] = _mark(node)
        if isinstance(node, MappingNode):
            return self.walk_mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return self.walk_sequence(node, path, depth)
        return self.walk_scalar(node, path)

    def walk_scalar(self, node: ScalarNode, path: JsonPath) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.report(node, path, _tag_message(node), value=True)
            return node.value

        try:
            value = self.loader.construct_object(node)
        except (ValueError, yaml.YAMLError):
            message = "this value cannot be read; quote it if it is meant as text"
            self.report(node, path, message, value=True)
            return node.value
        if node.style is None and not isinstance(value, str):
            self.plain[path] = node.value
        return value

    def walk_sequence(self, node: SequenceNode, path: JsonPath, depth: int) -> list:
        if node.tag != _TAG + "seq":
            self.report(node, path, _tag_message(node), value=True)
        items = []
        for index, child in enumerate(node.value):
            self.key_marks[path + (index,)] = _mark(child)
            items.append(self.walk(child, path + (index,), depth + 1))
        return items

    def walk_mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict:
        if node.tag not in (_TAG + "map", _TAG + "set"):
            self.report(node, path, _tag_message(node), value=True)
        result: dict[str, Any] = {}
        merges = [v for k, v in node.value if k.tag == _TAG + "merge"]
        for merged in merges:
            self.merge(merged, result, path, depth)

        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                continue
            key = self.key_text(key_node, path)
            if key is None:
                self.lossy.add(path)
                continue
            if key in first:
                message = f"duplicate key '{key}' (first at line {first[key]})"
                self.report(key_node, path + (key,), message)
                continue
            first[key] = key_node.start_mark.line + 1
            self.key_marks[path + (key,)] = _mark(key_node)
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        return result

    def merge(self, node: Node, into: dict, path: JsonPath, depth: int) -> None:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                message = "'<<' merges mappings only; give it an alias of a mapping"
                self.report(source, path, message)
                continue
            into.update(self.walk_mapping(source, path, depth + 1))

    def key_text(self, node: Node, path: JsonPath) -> str | None:
        if not isinstance(node, ScalarNode):
            self.report(node, path, "a key must be a plain string, not a collection")
            return None

        value = self.walk_scalar(node, path + ("<key>",))
        self.plain.pop(path + ("<key>",), None)
        if isinstance(value, str):
            return value
        kind = describe_plain(value)
        message = f'the key `{node.value}` is read as {kind}; quote it: "{node.value}"'
        self.report(node, path, message)
        return None


def dotted(path: JsonPath) -> str:
    """Return ``path`` as users read it: ``providers.bedrock.models[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
