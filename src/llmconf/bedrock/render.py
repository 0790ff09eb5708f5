"""Policy renderers: JSON documents and Terraform aws_iam_policy_document blocks."""

from __future__ import annotations

import json
from typing import Any

from llmconf.bedrock.policy import Policy, PolicySet
from llmconf.errors import UsageError

PARTS = ("permission", "trust")
FORMATS = ("json", "terraform")

# Terraform data source names, by part.
TF_NAMES = {"permission": "port_bedrock_permission", "trust": "port_bedrock_trust"}

Attribute = tuple[str, "str | list[str]"]


def select(policies: PolicySet, part: str | None) -> dict[str, Policy]:
    """Return the policies to print by part; raise UsageError for a missing part."""
    chosen = {"permission": policies.permission, "trust": policies.trust}
    if part is None:
        return {name: policy for name, policy in chosen.items() if policy is not None}
    if chosen.get(part) is None:
        raise UsageError(
            "the access-key form has no trust policy: Port signs in as the IAM user "
            "whose keys the Port secrets hold"
        )
    return {part: chosen[part]}


def render_json(policies: PolicySet, part: str | None = None) -> str:
    """Return one raw IAM policy for ``part``, else both under their document keys."""
    chosen = select(policies, part)
    if part is not None:
        return _dump(chosen[part])
    return _dump({f"{name}Policy": policy for name, policy in chosen.items()})


def render_terraform(policies: PolicySet, part: str | None = None) -> str:
    """Return an ``aws_iam_policy_document`` data block per selected policy."""
    blocks = [
        _data_block(TF_NAMES[name], policy)
        for name, policy in select(policies, part).items()
    ]
    return "\n".join(blocks)


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2) + "\n"


def _data_block(name: str, policy: Policy) -> str:
    lines = [f'data "aws_iam_policy_document" "{name}" {{']
    for statement in policy["Statement"]:
        lines += _statement_lines(statement)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _statement_lines(statement: Policy) -> list[str]:
    attributes: list[Attribute] = [
        ("sid", statement["Sid"]),
        ("effect", statement["Effect"]),
        ("actions", _as_list(statement["Action"])),
    ]
    if "Resource" in statement:
        attributes.append(("resources", _as_list(statement["Resource"])))
    lines = ["  statement {", *_attributes(attributes, "    ")]

    for kind, identifiers in statement.get("Principal", {}).items():
        nested = [("type", kind), ("identifiers", _as_list(identifiers))]
        lines += ["", "    principals {", *_attributes(nested, "      "), "    }"]
    for test, pairs in statement.get("Condition", {}).items():
        for variable, values in pairs.items():
            nested = [
                ("test", test),
                ("variable", variable),
                ("values", _as_list(values)),
            ]
            lines += ["", "    condition {", *_attributes(nested, "      "), "    }"]
    lines.append("  }")
    return lines


def _attributes(attributes: list[Attribute], indent: str) -> list[str]:
    """Return attribute lines, with ``=`` aligned across runs of one-line values."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []
    for key, value in attributes:
        if isinstance(value, list) and len(value) > 1:
            lines += _aligned(run, indent)
            run = []
            items = [f"{indent}  {_quote(item)}," for item in value]
            lines += [f"{indent}{key} = [", *items, f"{indent}]"]
            continue
        text = _quote(value) if isinstance(value, str) else f"[{_quote(value[0])}]"
        run.append((key, text))
    return lines + _aligned(run, indent)


def _aligned(run: list[tuple[str, str]], indent: str) -> list[str]:
    width = max((len(key) for key, _ in run), default=0)
    return [f"{indent}{key.ljust(width)} = {text}" for key, text in run]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _quote(value: str) -> str:
    # JSON string escapes are valid HCL; only template openers need doubling.
    return json.dumps(value).replace("${", "$${").replace("%{", "%%{")
