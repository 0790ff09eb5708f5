"""The shape a sandbox state file must have, checked against its JSON Schema."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from llmconf import packaged


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(packaged.load(packaged.SANDBOX_STATE))


def shape_problem(state: Any) -> str | None:
    """Return what makes ``state`` unusable, e.g. ``users: is missing``; else None.

    The text never quotes a value from the file, which may hold fake secrets.
    """
    error = best_match(_validator().iter_errors(state))
    if error is None:
        return None
    where = "/".join(str(part) for part in error.absolute_path) or "the document"
    return f"{where}: {_describe(error)}"


def _describe(error: ValidationError) -> str:
    expected = error.validator_value
    if error.validator == "required":
        missing = [name for name in expected if name not in error.instance]
        return f"{missing[0]!r} is missing"
    if error.validator == "type":
        return f"must be of type {expected}"
    if error.validator == "const":
        return f"must be {json.dumps(expected)}"
    if error.validator == "minLength":
        return "must not be empty"
    return "does not have the expected shape"
