"""The packaged JSON Schema is valid, complete for editors, and matches the catalog."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from jsonschema import Draft202012Validator

from llmconf.catalog import DECLARABLE_TYPES, PROVIDER_TYPES
from llmconf.config import load_schema

ROOT = Path(__file__).resolve().parents[2]


def properties_of(node: object, path: str = "") -> Iterator[tuple[str, dict]]:
    """Yield every (path, schema) that sits under a ``properties`` keyword."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield f"{path}.{name}", sub
            yield from properties_of(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from properties_of(value, f"{path}[{index}]")


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]


def test_packaged_schema_is_the_published_one() -> None:
    published = json.loads((ROOT / "schemas" / "llmconf.schema.json").read_text())

    assert load_schema() == published


def test_every_property_has_a_description() -> None:
    defs = load_schema()["$defs"]
    missing = []
    for path, sub in properties_of(load_schema()):
        target = sub
        if "$ref" in sub and "description" not in sub:
            target = defs[sub["$ref"].rsplit("/", 1)[1]]
        # Conditions (if) are not properties a user writes; per-type configs
        # inherit the description of the shared config property.
        if "/if" in path or path.endswith(".config"):
            continue
        if "description" not in target:
            missing.append(path)

    assert missing == []


def test_providers_are_keyed_by_port_types() -> None:
    providers = load_schema()["properties"]["providers"]["properties"]

    assert set(providers) == set(PROVIDER_TYPES)
    assert all("config" in providers[t]["properties"] for t in DECLARABLE_TYPES)
