"""JSON Schema check of the file's shape, each error turned into a readable problem."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators

from llmconf import packaged
from llmconf.catalog import SECRET_NAME_FIELDS
from llmconf.config.aws import explain_region, explain_role_arn
from llmconf.config.keywords import ascii_pattern, is_integer
from llmconf.config.rules import explain_secret_name
from llmconf.config.yamlnodes import describe_plain
from llmconf.state import JsonPath

_EXPECTED = {
    "string": "a string",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}


@dataclass(frozen=True)
class Finding:
    """One schema problem before it is located: path, message, and what it names."""

    path: JsonPath
    message: str
    missing: str | None = None
    suggests: str | None = None
    mistyped: bool = False
    covers: bool = False


@cache
def load_schema() -> dict[str, Any]:
    """Return the packaged llmconf.schema.json."""
    return packaged.load(packaged.CONFIG)


@cache
def _validator() -> Draft202012Validator:
    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    strict = validators.extend(
        Draft202012Validator,
        validators={"pattern": ascii_pattern},
        type_checker=checker,
    )
    return strict(load_schema())


def check_schema(data: Any, plain: dict[JsonPath, str]) -> list[Finding]:
    """Return every schema problem of ``data``; ``plain`` holds unquoted non-strings."""
    found: list[Finding] = []
    for error in _validator().iter_errors(data):
        found.extend(_explain(error, plain))

    return _drop_noise(found)


def _drop_noise(found: list[Finding]) -> list[Finding]:
    """Return ``found`` without echoes of a problem that another finding reports.

    A typo reports once, as an unknown key with its suggestion, not also as missing;
    a value of the wrong type reports only that; a rule that rejects a whole entry
    (absent: true with more keys) covers everything inside it.
    """
    suggested = {(f.path[:-1], f.suggests) for f in found if f.suggests}
    mistyped = {f.path for f in found if f.mistyped}
    covered = {f.path for f in found if f.covers}
    kept = [
        f
        for f in found
        if not (f.missing and (f.path, f.missing) in suggested)
        and (f.mistyped or f.path not in mistyped)
        and not any(f.path[: len(c)] == c and f.path != c for c in covered)
    ]
    return list(dict.fromkeys(kept))


def _explain(error: ValidationError, plain: dict[JsonPath, str]) -> list[Finding]:
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    if kind == "type":
        return [Finding(path, _type_message(error, path, plain), mistyped=True)]
    if "errorMessage" in schema:
        covers = bool(schema.get("x-coversEntry"))
        return [Finding(path, schema["errorMessage"], covers=covers)]
    if kind in ("oneOf", "anyOf"):
        return _explain_branches(error, path, plain)
    if kind == "additionalProperties":
        return _unknown_keys(error, path)
    if kind == "required":
        return _missing_keys(error, path)
    if kind == "pattern":
        return [Finding(path, _pattern_message(error, path))]
    if kind == "uniqueItems":
        return _duplicates(error.instance, path)
    return [Finding(path, _simple_message(error))]


def _type_message(error: ValidationError, path: JsonPath, plain: dict) -> str:
    wanted = error.validator_value
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    expected = " or ".join(_EXPECTED.get(w, w) for w in wanted)
    instance = error.instance

    raw = plain.get(path)
    if instance is None and (raw is None or raw in ("", "~")):
        return f"has no value; expected {expected}"
    if "integer" in wanted and isinstance(instance, float):
        return f"expected an integer, got the decimal number {raw or instance}"
    if "string" in wanted and raw is not None:
        return f'`{raw}` is read as {describe_plain(instance)} here; quote it: "{raw}"'
    return f"expected {expected}, got {_kind(instance)}"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "nothing (null)"
    return describe_plain(value)


def _unknown_keys(error: ValidationError, path: JsonPath) -> list[Finding]:
    properties = error.schema.get("properties", {})
    allowed = [
        k for k, v in properties.items() if not (isinstance(v, dict) and "not" in v)
    ]
    noun = "provider type" if path == ("providers",) else "key"

    found = []
    for key in error.instance:
        if key in properties:
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            message = f"unknown {noun} '{key}'; did you mean '{close[0]}'?"
            found.append(Finding(path + (key,), message, suggests=close[0]))
        else:
            message = f"unknown {noun} '{key}' (expected one of: {', '.join(allowed)})"
            found.append(Finding(path + (key,), message))
    return found


def _missing_keys(error: ValidationError, path: JsonPath) -> list[Finding]:
    found = []
    for key in error.validator_value:
        if key in error.instance:
            continue
        message = f"missing required key '{key}'"
        if key == "config" and len(path) == 2 and path[0] == "providers":
            message += " (or write absent: true to delete this provider)"
        found.append(Finding(path, message, missing=key))
    return found


def _pattern_message(error: ValidationError, path: JsonPath) -> str:
    field = path[-1] if path else ""
    value = error.instance
    if field in SECRET_NAME_FIELDS:
        return explain_secret_name(value)
    if field == "region":
        return explain_region(value) or "must be an AWS region"
    if field == "roleArn":
        return explain_role_arn(value) or "must be an IAM role ARN"
    return error.schema.get(
        "patternErrorMessage", "has a form that is not allowed here"
    )


def _duplicates(items: list, path: JsonPath) -> list[Finding]:
    found = []
    for index, item in enumerate(items):
        if item in items[:index]:
            first = items.index(item)
            message = f"'{item}' is listed more than once (first at [{first}])"
            found.append(Finding(path + (index,), message))
    return found


def _simple_message(error: ValidationError) -> str:
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "enum":
        return _enum_message(instance, value)
    if kind == "const":
        return f"must be {json.dumps(value)}"
    if kind == "minLength":
        return (
            "must not be empty"
            if value == 1
            else f"must be at least {value} characters"
        )
    if kind == "minItems":
        return (
            "must list at least one entry" if value == 1 else f"needs {value} entries"
        )
    if kind in ("exclusiveMinimum", "minimum"):
        return (
            f"must be greater than {value}"
            if kind == "exclusiveMinimum"
            else f"must be at least {value}"
        )
    if kind == "not":
        return "is not allowed here"
    return f"is not valid here ({kind})"


def _enum_message(instance: Any, allowed: list) -> str:
    choices = ", ".join(str(a) for a in allowed)
    if not isinstance(instance, str):
        return f"expected one of: {choices}"
    close = difflib.get_close_matches(instance, [str(a) for a in allowed], n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"'{instance}' is not one of: {choices}{hint}"


def _explain_branches(
    error: ValidationError, path: JsonPath, plain: dict
) -> list[Finding]:
    branches = [b for b in error.validator_value if isinstance(b, dict)]
    instance = error.instance
    if not isinstance(instance, dict):
        return [Finding(path, f"expected a mapping, got {_kind(instance)}")]

    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    unique = _unique_keys(branches)
    present = [i for i, keys in enumerate(unique) if keys & instance.keys()]

    if len(present) >= 2:
        forms = " and ".join(_title(branches[i], i) for i in present)
        return [Finding(path, f"{_label(path)} mixes {forms}: use one")]
    if present:
        return _explain_all(by_branch.get(present[0], []), path, plain)

    # No form is recognisable: name what each form needs, then the other errors of
    # the form that comes closest.
    def others(index: int) -> list[ValidationError]:
        return [e for e in by_branch.get(index, []) if e.validator != "required"]

    closest = min(range(len(branches)), key=lambda i: len(others(i)))
    found = [Finding(path, _either_message(branches, instance))]
    for sub in others(closest):
        found.extend(_explain(sub, plain))
    return found


def _explain_all(
    errors: list[ValidationError], path: JsonPath, plain: dict
) -> list[Finding]:
    found: list[Finding] = []
    for sub in errors:
        found.extend(_explain(sub, plain))
    return found or [Finding(path, f"{_label(path)} matches more than one form")]


def _unique_keys(branches: list[dict]) -> list[set[str]]:
    keys = [set(b.get("properties", {})) | set(b.get("required", [])) for b in branches]
    unique = []
    for index, own in enumerate(keys):
        others = set().union(*(k for i, k in enumerate(keys) if i != index))
        unique.append(own - others)
    return unique


def _either_message(branches: list[dict], instance: dict) -> str:
    forms = []
    for index, branch in enumerate(branches):
        missing = [k for k in branch.get("required", []) if k not in instance]
        if not missing:
            continue
        forms.append(f"{_title(branch, index)} ({', '.join(missing)})")
    return "missing required keys: either " + " or ".join(forms)


def _title(branch: dict, index: int) -> str:
    return branch.get("title", f"form {index + 1}")


def _label(path: JsonPath) -> str:
    if len(path) == 3 and path[0] == "providers" and path[2] == "config":
        return f"{path[1]} config"
    return str(path[-1]) if path else "the file"
