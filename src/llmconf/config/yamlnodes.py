"""Composed YAML nodes to plain values, with marks, expanding aliases under a budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from llmconf.errors import Problem
from llmconf.state import JsonPath, Location

MAX_DEPTH = 64
MAX_NODES = 10_000

TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_KINDS = {bool: "a boolean", int: "a number", float: "a number", type(None): "null"}


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


class Limit(Exception):
    """Raised when the input is bigger or deeper than any real config file."""

    def __init__(self, message: str, where: Location) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def too_many() -> str:
    return f"the file holds more than {MAX_NODES} values, aliases expanded"


def too_deep() -> str:
    return f"the file nests deeper than {MAX_DEPTH} levels; no config needs that"


def describe_plain(value: Any) -> str:
    """Return what YAML read an unquoted scalar as: 'a boolean', 'a date', ..."""
    return _KINDS.get(type(value), "a date")


def _tag_message(node: Node) -> str:
    tag = node.tag.replace(TAG, "!!", 1)
    return f"the tag '{tag}' is not supported; remove it"


def mark_of(node: Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


class Walker:
    """Turns composed nodes into plain values, expanding aliases under a budget."""

    def __init__(self, loader: yaml.SafeLoader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.count = 0
        self.problems: list[Problem] = []
        self.key_marks: dict[JsonPath, Location] = {(): (1, 1)}
        self.value_marks: dict[JsonPath, Location] = {}
        self.plain: dict[JsonPath, str] = {}
        self.reported: set[JsonPath] = set()
        self.lossy: set[JsonPath] = set()
        self.open: set[int] = set()

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
        self.problems.append(Problem(self.file, *mark_of(node), dotted(path), message))

    def tick(self, node: Node, depth: int) -> None:
        if id(node) in self.open:
            message = "this anchor is used inside itself; YAML loops are not allowed"
            raise Limit(message, mark_of(node))
        self.count += 1
        # Aliases are shared nodes: a few lines can expand to billions without a budget,
        # and an alias inside its own anchor loops forever without a depth limit.
        if self.count > MAX_NODES:
            raise Limit(too_many(), mark_of(node))
        if depth > MAX_DEPTH:
            raise Limit(too_deep(), mark_of(node))

    def walk(self, node: Node, path: JsonPath, depth: int) -> Any:
        self.tick(node, depth)
        self.value_marks[path] = mark_of(node)
        if isinstance(node, ScalarNode):
            return self.walk_scalar(node, path)

        self.open.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self.walk_mapping(node, path, depth)
            return self.walk_sequence(node, path, depth)
        finally:
            self.open.discard(id(node))

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
        if node.tag != TAG + "seq":
            self.report(node, path, _tag_message(node), value=True)
        items = []
        for index, child in enumerate(node.value):
            self.key_marks[path + (index,)] = mark_of(child)
            items.append(self.walk(child, path + (index,), depth + 1))
        return items

    def walk_mapping(self, node: MappingNode, path: JsonPath, depth: int) -> dict:
        if node.tag not in (TAG + "map", TAG + "set"):
            self.report(node, path, _tag_message(node), value=True)
        result: dict[str, Any] = {}
        merges = [v for k, v in node.value if k.tag == TAG + "merge"]
        for merged in merges:
            self.merge(merged, result, path, depth)

        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == TAG + "merge":
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
            self.key_marks[path + (key,)] = mark_of(key_node)
            result[key] = self.walk(value_node, path + (key,), depth + 1)
        return result

    def merge(self, node: Node, into: dict, path: JsonPath, depth: int) -> None:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            self.tick(source, depth + 1)
            if not isinstance(source, MappingNode):
                message = "'<<' merges mappings only; give it an alias of a mapping"
                self.report(source, path, message)
                continue
            self.open.add(id(source))
            try:
                into.update(self.walk_mapping(source, path, depth + 1))
            finally:
                self.open.discard(id(source))

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
