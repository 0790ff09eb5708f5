"""Environment interpolation in string values: ``${VAR}``, ``${VAR:-x}``, ``$$``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llmconf.state import JsonPath

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# A finding about one value: its path and what is wrong with it.
Finding = tuple[JsonPath, str]


def interpolate(
    data: Any, environ: Mapping[str, str], path: JsonPath = ()
) -> tuple[Any, list[Finding]]:
    """Return ``data`` with every string value expanded, and the references that failed.

    Keys are never expanded. A value that fails keeps its written text.
    """
    if isinstance(data, dict):
        findings: list[Finding] = []
        result = {}
        for key, value in data.items():
            result[key], found = interpolate(value, environ, path + (key,))
            findings.extend(found)
        return result, findings
    if isinstance(data, list):
        findings = []
        items = []
        for index, value in enumerate(data):
            item, found = interpolate(value, environ, path + (index,))
            items.append(item)
            findings.extend(found)
        return items, findings
    if isinstance(data, str) and "$" in data:
        expanded, message = expand(data, environ)
        if message:
            return data, [(path, message)]
        return expanded, []
    return data, []


def expand(text: str, environ: Mapping[str, str]) -> tuple[str, str | None]:
    """Return ``text`` expanded and None, or the text unchanged and what is wrong."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char != "$" or pos + 1 == len(text) or text[pos + 1] not in "${":
            out.append(char)
            pos += 1
            continue
        if text[pos + 1] == "$":
            out.append("$")
            pos += 2
            continue

        end = text.find("}", pos + 2)
        if end < 0:
            return text, "'${' is not closed; write ${NAME}, or $$ for a literal '$'"
        value, message = _resolve(text[pos + 2 : end], environ)
        if message:
            return text, message
        out.append(value)
        pos = end + 1
    return "".join(out), None


def _resolve(reference: str, environ: Mapping[str, str]) -> tuple[str, str | None]:
    name, has_default, default = reference.partition(":-")
    if not _NAME.fullmatch(name):
        return "", (
            "a reference must be ${NAME} or ${NAME:-default} with NAME made of "
            "letters, digits and '_'; write $$ for a literal '$'"
        )
    # As in the shell, ':-' also replaces a variable that is set but empty.
    if environ.get(name):
        return environ[name], None
    if has_default:
        return default, None
    if name in environ:
        return "", None
    return "", (
        f"the environment variable '{name}' is not set; set it or write "
        f"${{{name}:-default}}"
    )
