"""IAM permission and trust policies that let Port's LLM gateway call Bedrock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from llmconf.bedrock.arns import guardrail_arn, model_arns
from llmconf.bedrock.setup import ROLE, BedrockSetup
from llmconf.errors import LlmconfError

IAM_VERSION = "2012-10-17"

# Port's LLM gateway roles; both must be trusted since either region may serve a call.
PORT_GATEWAY_ROLES = (
    "arn:aws:iam::185657066287:role/port-ai-bring-your-own-llm-eu-west-1",
    "arn:aws:iam::185657066287:role/port-ai-bring-your-own-llm-us-east-1",
)

INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")

Policy = dict[str, Any]


@dataclass(frozen=True)
class PolicySet:
    """The policies one bedrock provider needs; ``trust`` is None for access keys."""

    permission: Policy
    trust: Policy | None


# The characters and lengths AWS STS accepts for sts:ExternalId.
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]{2,1224}")


def placeholder(secret_name: str) -> str:
    """Return the marker written where the external id value belongs."""
    return f"<value of Port secret {secret_name}>"


def permission_policy(setup: BedrockSetup) -> Policy:
    """Return the identity policy allowing invocation of exactly the enabled models.

    Raises LlmconfError when no model is enabled, since IAM rejects a statement
    without resources.
    """
    if not setup.models:
        raise LlmconfError("providers.bedrock enables no model; nothing to allow")

    resources = [
        arn
        for model in setup.models
        for arn in model_arns(model, setup.region, setup.account)
    ]
    statements = [_statement("InvokeEnabledClaudeModels", INVOKE_ACTIONS, resources)]
    if setup.guardrail_id is not None:
        arn = guardrail_arn(setup.guardrail_id, setup.region, setup.account)
        statements.append(
            _statement("ApplyConfiguredGuardrail", ("bedrock:ApplyGuardrail",), [arn])
        )
    return {"Version": IAM_VERSION, "Statement": statements}


def trust_policy(setup: BedrockSetup, external_id: str | None) -> Policy | None:
    """Return the role trust policy for Port's gateway, or None for the access-key form.

    The external id condition appears only when the provider names an external id
    secret; without a value it holds a placeholder that names that secret.
    """
    if setup.auth != ROLE:
        return None

    statement: Policy = {
        "Sid": "TrustPortLlmGateway",
        "Effect": "Allow",
        "Principal": {"AWS": list(PORT_GATEWAY_ROLES)},
        "Action": "sts:AssumeRole",
    }
    if setup.external_id_secret is not None:
        value = external_id or placeholder(setup.external_id_secret)
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": value}}
    return {"Version": IAM_VERSION, "Statement": [statement]}


def build_policies(setup: BedrockSetup, external_id: str | None = None) -> PolicySet:
    """Return both policies; raise LlmconfError when no model is enabled."""
    return PolicySet(permission_policy(setup), trust_policy(setup, external_id))


def _statement(sid: str, actions: tuple[str, ...], resources: list[str]) -> Policy:
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Action": list(actions),
        "Resource": resources,
    }


def policy_notes(
    setup: BedrockSetup, external_id: str | None, part: str | None = None
) -> list[str]:
    """Return the warnings a user should read before pasting the policies into AWS."""
    if setup.auth != ROLE:
        if part == "permission":
            return []
        return [
            "no trust policy: with access keys Port signs in as the IAM user whose "
            "keys the Port secrets hold; attach the permission policy to that user"
        ]
    if part == "permission":
        return []

    secret = setup.external_id_secret
    if secret is None:
        if external_id is None:
            return []
        return [
            "the external id is ignored: the provider sets no externalIdSecretName, "
            "so Port sends none"
        ]
    if external_id is None:
        return [
            "the trust policy holds a placeholder for the external id; pass "
            f"--external-id or LLMCONF_BEDROCK_EXTERNAL_ID with the value of Port "
            f"secret {secret}"
        ]
    if not _EXTERNAL_ID.fullmatch(external_id.strip()):
        return [
            "AWS accepts an external id of 2 to 1224 characters from letters, digits "
            "and _+=,.@:/- only; AWS would refuse this trust policy's value"
        ]
    if external_id != external_id.strip():
        return [
            "the external id has leading or trailing whitespace; it is used as "
            f"given, and Port secret {secret} must hold exactly the same value"
        ]
    return []
