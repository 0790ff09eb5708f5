"""Fixes for the AWS errors a self-test meets, from the error code and message."""

from __future__ import annotations

from llmconf.bedrock.arns import guardrail_arn, inference_profile_id, model_arns
from llmconf.bedrock.policy import INVOKE_ACTIONS
from llmconf.bedrock.setup import BedrockSetup

# Error codes meaning the caller's own AWS credentials were refused.
_BAD_CALLER = {
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "ExpiredTokenException",
    "UnrecognizedClientException",
}
_THROTTLED = {"ThrottlingException", "ServiceQuotaExceededException"}


def has_edge_space(value: str | None) -> bool:
    """Return True when ``value`` starts or ends with whitespace."""
    return bool(value) and value != value.strip()


def aws_line(code: str, message: str) -> str:
    """Return the line quoting AWS's own error."""
    return f"AWS: {code}: {message}" if message else f"AWS: {code}"


def fix_caller(code: str, message: str) -> tuple[str, ...]:
    """Return the fix when the credentials running the check fail before Bedrock."""
    if code == "NoCredentials":
        first = (
            "no AWS credentials found: set AWS_PROFILE or --profile, export "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login"
        )
    elif code in _BAD_CALLER:
        first = (
            "AWS refused the credentials running this check: refresh them "
            "(aws sso login, new keys) or choose another --profile"
        )
    else:
        first = "the call failed before reaching Bedrock"
    return first, aws_line(code, message)


def fix_assume_role(
    code: str, message: str, setup: BedrockSetup, external_id: str | None
) -> tuple[str, ...]:
    """Return the fix for a failed sts:AssumeRole on the provider's role."""
    if code == "NoCredentials" or code in _BAD_CALLER:
        return fix_caller(code, message)

    hint = _external_id_hint(setup.external_id_secret, external_id)
    if code != "AccessDenied":
        # STS rejects an external id with spaces as malformed before any trust check.
        spaced = hint if has_edge_space(external_id) else ()
        first = f"sts:AssumeRole on {setup.role_arn} failed"
        return (first, *spaced, aws_line(code, message))

    return (
        f"the trust policy of {setup.role_arn} refused sts:AssumeRole:",
        "- its Principal must list Port's gateway roles (see llmconf bedrock policy "
        "--part trust) and, for this self-test only, the identity running it",
        *hint,
        aws_line(code, message),
    )


def _external_id_hint(secret: str | None, external_id: str | None) -> tuple[str, ...]:
    if secret is None:
        return (
            "- the provider sets no externalIdSecretName, so Port sends no external "
            "id: the trust policy must not require sts:ExternalId",
        )
    if external_id is None:
        return (
            "- no external id was supplied: pass --external-id or "
            f"LLMCONF_BEDROCK_EXTERNAL_ID with the value of Port secret {secret}",
        )
    if has_edge_space(external_id):
        return (
            "- the supplied external id has leading or trailing whitespace: the "
            f"sts:ExternalId condition and Port secret {secret} must match it exactly",
        )
    return (f"- its sts:ExternalId condition must equal Port secret {secret} exactly",)


def fix_invoke(
    code: str, message: str, setup: BedrockSetup, model: str
) -> tuple[str, ...]:
    """Return the fix for a failed InvokeModel of ``model``."""
    text = message.lower()
    if "use case" in text:
        first = _use_case_form()
    elif "guardrail" in text:
        first = _guardrail(code, setup)
    elif code == "AccessDeniedException":
        first = _access_denied(text, setup, model)
    elif code == "ResourceNotFoundException" and _names_access(text):
        first = _model_access(setup, model)
    elif code in ("ResourceNotFoundException", "ValidationException"):
        first = _wrong_profile(setup, model)
    elif code in _THROTTLED:
        first = (
            f"Bedrock throttled {model} in {setup.region}: retry later, or raise the "
            "model's quota in Service Quotas",
        )
    elif code in _BAD_CALLER or code == "NoCredentials":
        first = fix_caller(code, message)[:1]
    else:
        first = (f"Bedrock could not answer for {model}; AWS's error follows",)
    return (*first, aws_line(code, message))


def _names_access(text: str) -> bool:
    return "access" in text or "not enabled" in text


def _access_denied(text: str, setup: BedrockSetup, model: str) -> tuple[str, ...]:
    if "aws-marketplace" in text:
        return (
            f"the AWS Marketplace subscription for {model} is missing: allow "
            "aws-marketplace:Subscribe once so the first call can subscribe",
        )
    if "not authorized to perform" not in text:
        return _model_access(setup, model)
    actions = " and ".join(INVOKE_ACTIONS)
    arns = model_arns(model, setup.region, setup.account)
    return (
        f"IAM permission missing: allow {actions} on",
        *(f"  {arn}" for arn in arns),
        "(llmconf bedrock policy prints the whole permission policy)",
    )


def _model_access(setup: BedrockSetup, model: str) -> tuple[str, ...]:
    return (
        f"model access not granted for {model}: enable it on the Bedrock console's "
        f"Model access page in {setup.region} and in the regions its cross-region "
        "profile routes to",
    )


def _use_case_form() -> tuple[str, ...]:
    return (
        "Anthropic's one-time use-case form was not submitted: submit it from the "
        "Bedrock console (Model access or playground) or with the "
        "PutUseCaseForModelAccess API; under AWS Organizations, from the management "
        "account",
    )


def _guardrail(code: str, setup: BedrockSetup) -> tuple[str, ...]:
    arn = guardrail_arn(setup.guardrail_id or "*", setup.region, setup.account)
    if code == "AccessDeniedException":
        return (f"IAM permission missing: allow bedrock:ApplyGuardrail on {arn}",)
    return (
        f"guardrail {setup.guardrail_id} version {setup.guardrail_version} was not "
        f"found in {setup.region}: check guardrailIdentifier and guardrailVersion",
    )


def _wrong_profile(setup: BedrockSetup, model: str) -> tuple[str, ...]:
    profile = inference_profile_id(model, setup.region)
    return (
        f"Bedrock does not serve {profile} in {setup.region}: check "
        "providers.bedrock.config.region and that the model is offered there",
    )
