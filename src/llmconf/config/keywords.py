"""JSON Schema keywords checked the way Port and YAML mean them, not Python's way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jsonschema import TypeChecker, ValidationError
from jsonschema.protocols import Validator


def is_integer(_checker: TypeChecker, instance: Any) -> bool:
    # JSON Schema counts 1.0 as an integer; YAML keeps them apart, and so does llmconf.
    return isinstance(instance, int) and not isinstance(instance, bool)


def ascii_pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict
) -> Iterator:
    # Port matches patterns as ECMA-262 does: \d and \w are ASCII, and "$" ends the
    # string. Python's re.search would also take Unicode digits and a final "\n".
    if not validator.is_type(instance, "string"):
        return
    found = re.search(pattern, instance, re.ASCII)
    if found is None or (pattern.endswith("$") and found.end() != len(instance)):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
