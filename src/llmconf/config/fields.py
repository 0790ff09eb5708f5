"""Which config keys the file can declare per provider type, read from the schema."""

from __future__ import annotations

from functools import cache
from typing import Any

from llmconf.config.schema import load_schema


@cache
def config_fields(provider: str) -> frozenset[str] | None:
    """Return every ``config`` key the file may declare for ``provider``.

    None for a type the schema does not describe, whose fields are all kept.
    """
    schema = load_schema()
    entry = schema["properties"]["providers"]["properties"].get(provider)
    if entry is None:
        return None
    config = entry.get("properties", {}).get("config", {})
    return frozenset(_property_names(config, schema))


def _property_names(node: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = {
            **schema["$defs"][name],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
    names = set(node.get("properties", {}))
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in node.get(key, []):
            names |= _property_names(branch, schema)
    return names
