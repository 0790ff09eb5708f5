"""Bedrock region and role ARN rules, with messages that say what Port rejects."""

from __future__ import annotations

import re

REGION = re.compile(r"[a-z]{2}-[a-z]+-\d", re.ASCII)
ROLE_ARN = re.compile(r"arn:aws:iam::\d{12}:role/[\w+=,.@-]+", re.ASCII)


def explain_region(value: str) -> str | None:
    """Return why Port would reject ``value`` as a Bedrock region, or None if valid."""
    if REGION.fullmatch(value):
        return None
    if re.fullmatch(r"[a-z]{2}-[a-z]+-\d{2,}", value):
        return (
            "has a two-digit suffix, which Port's region rule does not accept "
            "(one digit only, as in eu-central-1)"
        )
    if re.fullmatch(r"[a-z]{2}-[a-z]+-[a-z]+-\d+", value):
        return (
            "is a partition region (such as us-gov-west-1), which Port does not accept"
        )
    if REGION.fullmatch(value.strip().lower()):
        if value != value.strip():
            return (
                "has leading or trailing whitespace (a space or line break); remove it"
            )
        return "must be written in lower case, such as eu-central-1"
    return "must be an AWS region such as eu-central-1"


def explain_role_arn(value: str) -> str | None:
    """Return why Port would reject ``value`` as an IAM role ARN, or None if valid."""
    if ROLE_ARN.fullmatch(value):
        return None
    account = re.fullmatch(r"arn:aws:iam::([^:]*):(role|user)/(.*)", value)
    if account is None:
        return (
            "must be an IAM role ARN such as "
            "arn:aws:iam::123456789012:role/port-bedrock"
        )
    if not re.fullmatch(r"\d{12}", account.group(1)):
        return "must hold a 12-digit AWS account id after 'arn:aws:iam::'"
    if account.group(2) == "user":
        return "names an IAM user; Port assumes a role, so give a role ARN"
    if "/" in account.group(3):
        return (
            "uses an IAM role path (role/path/name), which Port does not support; "
            "use a role without a path"
        )
    return "has a role name with characters IAM does not allow"
