"""The bedrock provider of a config file, read into the facts the helpers need."""

from __future__ import annotations

from dataclasses import dataclass

from llmconf.bedrock.arns import account_of, profile_prefix
from llmconf.catalog import catalog_for
from llmconf.errors import LlmconfError
from llmconf.state import DesiredProvider, DesiredState

ROLE = "assume-role"
KEYS = "access-keys"

# Where the external ID value may be given, since Port never returns secret values.
EXTERNAL_ID_ENV = "LLMCONF_BEDROCK_EXTERNAL_ID"


@dataclass(frozen=True)
class BedrockSetup:
    """How Port reaches Bedrock for one org: auth form, region and enabled models.

    ``account`` is the role's account, or ``*`` for the access-key form, where the
    file does not say which account the IAM user lives in.
    """

    auth: str
    region: str
    models: tuple[str, ...]
    account: str = "*"
    role_arn: str | None = None
    external_id_secret: str | None = None
    guardrail_id: str | None = None
    guardrail_version: str | None = None


def find_bedrock(state: DesiredState) -> DesiredProvider:
    """Return the bedrock provider of ``state``; raise LlmconfError if there is none."""
    provider = state.providers.get("bedrock")
    if provider is None or provider.absent:
        raise LlmconfError(
            f"{state.source} declares no bedrock provider; add one under "
            "providers.bedrock first"
        )
    return provider


def enabled_models(provider: DesiredProvider) -> tuple[str, ...]:
    """Return the model ids Port will test and serve, in catalog order.

    The "only" form wins; otherwise every catalog model not switched off is enabled,
    because Port tests every model that is not explicitly disabled.
    """
    catalog = catalog_for("bedrock")
    if provider.only is not None:
        wanted = dict.fromkeys(provider.only)
        known = [model for model in catalog if model in wanted]
        return tuple(known + [model for model in wanted if model not in catalog])
    return tuple(m for m in catalog if provider.overrides.get(m, True))


def read_setup(provider: DesiredProvider) -> BedrockSetup:
    """Return the setup of a bedrock provider; raise LlmconfError if incomplete."""
    config = provider.config
    region = _text(config, "region")
    if region is None:
        raise LlmconfError("providers.bedrock.config.region is required")
    profile_prefix(region)

    guardrail = {
        "guardrail_id": _text(config, "guardrailIdentifier"),
        "guardrail_version": _text(config, "guardrailVersion"),
    }
    models = enabled_models(provider)
    role_arn = _text(config, "roleArn")
    if role_arn is not None:
        return BedrockSetup(
            auth=ROLE,
            region=region,
            models=models,
            account=account_of(role_arn),
            role_arn=role_arn,
            external_id_secret=_text(config, "externalIdSecretName"),
            **guardrail,
        )

    if _text(config, "accessKeyIdSecretName") and _text(
        config, "secretAccessKeySecretName"
    ):
        return BedrockSetup(auth=KEYS, region=region, models=models, **guardrail)
    raise LlmconfError(
        "providers.bedrock.config needs roleArn, or both accessKeyIdSecretName and "
        "secretAccessKeySecretName"
    )


def _text(config: dict, key: str) -> str | None:
    value = config.get(key)
    return value if isinstance(value, str) and value else None
