"""The Bedrock self-test: assume the role, invoke every enabled model, report.

This is the only module that talks to AWS; boto3 is imported inside its functions so
that plan and apply never load it.
"""

from __future__ import annotations

import json
import logging
import os
from typing import TYPE_CHECKING, Any

from llmconf.bedrock import diagnosis
from llmconf.bedrock.arns import inference_profile_id
from llmconf.bedrock.report import FAIL, OK, SKIP, CheckReport, CheckRow
from llmconf.bedrock.setup import ROLE, BedrockSetup, read_setup
from llmconf.errors import LlmconfError, UsageError
from llmconf.redact import register
from llmconf.state import DesiredProvider

if TYPE_CHECKING:
    import boto3

log = logging.getLogger(__name__)

SESSION_NAME = "llmconf-check"
KEY_ID_ENV = "LLMCONF_BEDROCK_ACCESS_KEY_ID"
SECRET_KEY_ENV = "LLMCONF_BEDROCK_SECRET_ACCESS_KEY"

# The smallest request Claude answers; a few tokens keep the test cheap.
PROBE_BODY = {
    "anthropic_version": "bedrock-2023-05-31",
    "max_tokens": 8,
    "messages": [{"role": "user", "content": "Reply with OK."}],
}

Credentials = dict[str, str]


def make_session(profile: str | None = None) -> boto3.Session:
    """Return a boto3 session on the standard credential chain.

    Raises UsageError when the named profile does not exist.
    """
    import boto3
    from botocore.exceptions import ProfileNotFound

    try:
        return boto3.Session(profile_name=profile)
    except ProfileNotFound as exc:
        raise UsageError(f"AWS profile {profile!r} is not configured") from exc


def run_check(
    provider: DesiredProvider,
    *,
    external_id: str | None,
    session: boto3.Session | None = None,
) -> CheckReport:
    """Return the self-test report of a bedrock provider, calling AWS as Port would.

    Raises LlmconfError when the provider is incomplete or enables no model, and
    UsageError when only half of the access-key pair is in the environment.
    """
    setup = read_setup(provider)
    if not setup.models:
        raise LlmconfError("providers.bedrock enables no model; nothing to check")
    external_id = external_id or None
    # Mask the trimmed value too: an AWS message may quote it without the spaces.
    _register_all((external_id, (external_id or "").strip()))
    session = session or make_session()
    _register_session(session)

    report = CheckReport(setup.region, _describe_auth(setup), setup.models)
    report.notes += _notes(setup, external_id)
    if setup.auth == ROLE:
        credentials = _assume_role(session, setup, external_id, report)
    else:
        credentials = _signed_in(session, setup, report)
    if credentials is None:
        skipped = (f"not tried: {report.rows[-1].step} failed",)
        report.rows += [CheckRow("invoke", SKIP, skipped, m) for m in setup.models]
        return report

    runtime = _client(session, "bedrock-runtime", setup.region, credentials)
    report.rows += [_invoke(runtime, setup, model) for model in setup.models]
    log.info(
        "bedrock self-test: %d of %d models answered",
        len(report.passing),
        len(setup.models),
    )
    return report


def _assume_role(
    session: boto3.Session,
    setup: BedrockSetup,
    external_id: str | None,
    report: CheckReport,
) -> Credentials | None:
    request: dict[str, Any] = {
        "RoleArn": setup.role_arn,
        "RoleSessionName": SESSION_NAME,
        "DurationSeconds": 900,
    }
    # Port sends an external id only when the provider names its secret.
    if setup.external_id_secret is not None and external_id is not None:
        request["ExternalId"] = external_id

    try:
        sts = _client(session, "sts", setup.region, {})
        answer = sts.assume_role(**request)
    except _aws_errors() as exc:
        code, message = _error_of(exc)
        fix = diagnosis.fix_assume_role(code, message, setup, external_id)
        report.rows.append(CheckRow("assume-role", FAIL, fix))
        return None

    temporary = answer["Credentials"]
    credentials = {
        "aws_access_key_id": temporary["AccessKeyId"],
        "aws_secret_access_key": temporary["SecretAccessKey"],
        "aws_session_token": temporary["SessionToken"],
    }
    _register_all(credentials.values())
    assumed = answer.get("AssumedRoleUser", {}).get("Arn", setup.role_arn)
    report.rows.append(CheckRow("assume-role", OK, (f"as {assumed}",)))
    return credentials


def _signed_in(
    session: boto3.Session, setup: BedrockSetup, report: CheckReport
) -> Credentials | None:
    credentials = _env_keys()
    try:
        sts = _client(session, "sts", setup.region, credentials)
        identity = sts.get_caller_identity()
    except _aws_errors() as exc:
        code, message = _error_of(exc)
        fix = diagnosis.fix_caller(code, message)
        report.rows.append(CheckRow("identity", FAIL, fix))
        return None

    source = KEY_ID_ENV if credentials else "the AWS credential chain"
    detail = f"as {identity.get('Arn', '?')} (keys from {source})"
    report.rows.append(CheckRow("identity", OK, (detail,)))
    return credentials


def _invoke(runtime: Any, setup: BedrockSetup, model: str) -> CheckRow:
    request: dict[str, Any] = {
        "modelId": inference_profile_id(model, setup.region),
        "body": json.dumps(PROBE_BODY),
        "contentType": "application/json",
        "accept": "application/json",
    }
    if setup.guardrail_id and setup.guardrail_version:
        request["guardrailIdentifier"] = setup.guardrail_id
        request["guardrailVersion"] = setup.guardrail_version

    try:
        answer = runtime.invoke_model(**request)
        answer["body"].read()
    except _aws_errors() as exc:
        code, message = _error_of(exc)
        fix = diagnosis.fix_invoke(code, message, setup, model)
        return CheckRow("invoke", FAIL, fix, model=model)
    log.debug("bedrock answered for %s", model)
    return CheckRow("invoke", OK, model=model)


def _client(
    session: boto3.Session, service: str, region: str, credentials: Credentials
) -> Any:
    from botocore.config import Config

    # Few retries and short timeouts: a self-test should report, not wait.
    config = Config(
        retries={"mode": "standard", "max_attempts": 2},
        connect_timeout=10,
        read_timeout=60,
        user_agent_extra="llmconf-check",
    )
    return session.client(service, region_name=region, config=config, **credentials)


def _aws_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


def _error_of(exc: Exception) -> tuple[str, str]:
    """Return AWS's error code and message for a botocore exception."""
    from botocore.exceptions import ClientError, NoCredentialsError

    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return str(error.get("Code", "Unknown")), str(error.get("Message", ""))
    if isinstance(exc, NoCredentialsError):
        return "NoCredentials", str(exc)
    # botocore's parameter errors span several lines; the report keeps one a row.
    return type(exc).__name__, " ".join(str(exc).split())


def _env_keys() -> Credentials:
    key_id = os.environ.get(KEY_ID_ENV)
    secret = os.environ.get(SECRET_KEY_ENV)
    if not key_id and not secret:
        return {}
    if not (key_id and secret):
        raise UsageError(f"set both {KEY_ID_ENV} and {SECRET_KEY_ENV}, or neither")
    _register_all((key_id, secret))
    return {"aws_access_key_id": key_id, "aws_secret_access_key": secret}


def _register_session(session: boto3.Session) -> None:
    # Resolving may fail (expired SSO, no chain, a role that cannot be refreshed);
    # the first AWS call then reports it as a row of the check.
    try:
        found = session.get_credentials()
        frozen = found.get_frozen_credentials() if found is not None else None
    except _aws_errors():
        return
    if frozen is not None:
        _register_all((frozen.access_key, frozen.secret_key, frozen.token))


def _register_all(values: Any) -> None:
    for value in values:
        register(value)


def _describe_auth(setup: BedrockSetup) -> str:
    if setup.auth == ROLE:
        return f"assume-role {setup.role_arn}"
    return "access keys"


def _notes(setup: BedrockSetup, external_id: str | None) -> list[str]:
    secret = setup.external_id_secret
    if setup.auth != ROLE:
        if os.environ.get(KEY_ID_ENV):
            return []
        # The ambient identity may not be the IAM user whose keys Port holds.
        return [
            f"{KEY_ID_ENV} and {SECRET_KEY_ENV} are not set, so the check ran as "
            "the AWS credential chain's identity, which may not be the IAM user "
            "whose keys Port holds"
        ]
    if secret is None:
        if external_id is None:
            return []
        return [
            "the provider sets no externalIdSecretName, so, like Port, the check "
            "sends no external id"
        ]
    if external_id is None:
        return [f"no external id supplied; Port sends the value of secret {secret}"]
    if diagnosis.has_edge_space(external_id):
        return ["the supplied external id has leading or trailing whitespace"]
    return []
