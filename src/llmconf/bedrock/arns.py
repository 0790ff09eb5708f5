"""Bedrock names for Port's Claude ids: model ids, inference profiles and IAM ARNs."""

from __future__ import annotations

import re

from llmconf.errors import LlmconfError

# Geography prefix of the system-defined cross-region inference profiles, by the
# first part of the source region. Other geographies are refused rather than guessed.
_PROFILE_PREFIXES = {"eu": "eu", "us": "us", "ap": "apac"}

_ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role/[\w+=,.@/-]+$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def profile_prefix(region: str) -> str:
    """Return the cross-region profile prefix for ``region`` (``eu``, ``us``, ``apac``).

    Raises LlmconfError for a malformed region or a geography without a known prefix.
    """
    if not _REGION.match(region):
        raise LlmconfError(f"bedrock region {region!r} is not an AWS region name")
    # GovCloud has its own partition and Port's region pattern rejects it anyway.
    if region.startswith("us-gov-"):
        raise LlmconfError(
            f"bedrock region {region!r} is in GovCloud, which Port does not accept"
        )

    prefix = _PROFILE_PREFIXES.get(region.split("-", 1)[0])
    if prefix is None:
        known = ", ".join(f"{geo}-*" for geo in _PROFILE_PREFIXES)
        raise LlmconfError(
            f"no Claude cross-region inference profile is known for region {region!r}; "
            f"use a region in {known}"
        )
    return prefix


def account_of(role_arn: str) -> str:
    """Return the account id of an IAM role ARN; raise LlmconfError if malformed."""
    match = _ROLE_ARN.match(role_arn)
    if match is None:
        raise LlmconfError(
            f"bedrock roleArn {role_arn!r} is not an IAM role ARN "
            "(arn:aws:iam::<12-digit account>:role/<name>)"
        )
    return match.group(1)


def foundation_model_id(model: str) -> str:
    """Return the Bedrock foundation model id of a Port Claude id."""
    return f"anthropic.{model}-v1:0"


def inference_profile_id(model: str, region: str) -> str:
    """Return the cross-region inference profile id of ``model`` in ``region``."""
    return f"{profile_prefix(region)}.{foundation_model_id(model)}"


def inference_profile_arn(model: str, region: str, account: str = "*") -> str:
    """Return the ARN of the inference profile as invoked from ``region``."""
    profile = inference_profile_id(model, region)
    return f"arn:aws:bedrock:{region}:{account}:inference-profile/{profile}"


def foundation_model_arn(model: str) -> str:
    """Return the foundation model ARN in every region.

    A cross-region profile routes each call to one of several regions, and IAM checks
    the foundation model in the region that serves it, so the region is a wildcard.
    """
    return f"arn:aws:bedrock:*::foundation-model/{foundation_model_id(model)}"


def model_arns(model: str, region: str, account: str = "*") -> tuple[str, str]:
    """Return the two ARNs a caller needs to invoke ``model``: profile, then model."""
    return inference_profile_arn(model, region, account), foundation_model_arn(model)


def guardrail_arn(identifier: str, region: str, account: str = "*") -> str:
    """Return the guardrail ARN of an id, or the identifier when it is an ARN."""
    if identifier.startswith("arn:"):
        return identifier
    return f"arn:aws:bedrock:{region}:{account}:guardrail/{identifier}"
