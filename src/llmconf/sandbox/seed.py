"""The organization a fresh sandbox state file starts with, and its well-known names."""

from __future__ import annotations

from typing import Any

ADMIN_CLIENT_ID = "sandbox-admin"
ADMIN_CLIENT_SECRET = "sandbox-admin-secret"
MEMBER_CLIENT_ID = "sandbox-member"
MEMBER_CLIENT_SECRET = "sandbox-member-secret"
SECOND_WRITER_ID = "sandbox-second-admin"
ORG_ID = "org_llmconf_sandbox"
ORG_NAME = "llmconf sandbox"
PORT_MANAGER = "port"

LITELLM_BASE_URL = "https://litellm.corp.example.com/v1"
LITELLM_MODEL = "my-litellm-model"
BEDROCK_ROLE_MODELS = ("claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929")
# What Port's guide shows for a Bedrock model the assumed role may not invoke.
BEDROCK_DENIED_MESSAGE = "Failed to process your request, Please contact support."

# Fake values only: none has the shape of a real key (no sk-, no AKIA), so the
# client's redaction tests can tell a leak of these apart from masking noise.
SEED_SECRET_VALUES = {
    "openai-api-key": "sandbox-fake-openai-key-0001",
    "anthropic-api-key": "sandbox-fake-anthropic-key-0001",
    "azure-openai-api-key": "sandbox-fake-azure-openai-key-0001",
    "azure-anthropic-api-key": "sandbox-fake-azure-anthropic-key-0001",
    "aws-bedrock-access-key-id": "sandbox-fake-aws-access-key-id-0001",
    "aws-bedrock-secret-access-key": "sandbox-fake-aws-secret-access-key-0001",
    "BEDROCK_ROLE_EXTERNAL_ID": "sandbox-fake-external-id-0001",
    "LITELLM_API_KEY": "sandbox-fake-litellm-key-0001",
}
SEED_SECRET_NAMES = tuple(SEED_SECRET_VALUES)

STATE_VERSION = 1


def _key_endpoint(provider: str, secret: str) -> dict[str, Any]:
    credentials = {"apiKeySecretName": SEED_SECRET_VALUES[secret]}
    return {"provider": provider, "credentials": credentials, "models": "*"}


def seed_upstream() -> dict[str, Any]:
    """Return the simulated upstream: which credentials reach which models.

    Each endpoint matches a provider by type, by plain ``config`` values ("*" means
    the key only has to be set) and by ``credentials``: config secret-name fields
    mapped to the secret *value* the upstream accepts. ``models`` is "*" for the
    type's whole catalog or a list of ids; others fail with ``denied``.
    """
    access_keys = {
        "accessKeyIdSecretName": SEED_SECRET_VALUES["aws-bedrock-access-key-id"],
        "secretAccessKeySecretName": SEED_SECRET_VALUES[
            "aws-bedrock-secret-access-key"
        ],
    }
    return {
        "endpoints": [
            {"provider": "port", "models": "*"},
            _key_endpoint("openai", "openai-api-key"),
            _key_endpoint("anthropic", "anthropic-api-key"),
            _key_endpoint("azure-openai", "azure-openai-api-key"),
            _key_endpoint("azure-anthropic", "azure-anthropic-api-key"),
            {"provider": "bedrock", "credentials": access_keys, "models": "*"},
            {
                "provider": "bedrock",
                "config": {"roleArn": "*"},
                "models": list(BEDROCK_ROLE_MODELS),
                "denied": BEDROCK_DENIED_MESSAGE,
            },
            {
                "provider": "openai-compatible",
                "config": {"baseUrl": LITELLM_BASE_URL},
                "credentials": {
                    "apiKeySecretName": SEED_SECRET_VALUES["LITELLM_API_KEY"]
                },
                "models": [LITELLM_MODEL],
            },
        ]
    }


def seed_port_provider(stamp: str) -> dict[str, Any]:
    """Return the stored record of Port's own provider, present in every org."""
    return {
        "provider": "port",
        "enabled": True,
        "config": {},
        "createdAt": stamp,
        "createdBy": PORT_MANAGER,
        "updatedAt": stamp,
        "updatedBy": PORT_MANAGER,
    }


def seed_state(stamp: str) -> dict[str, Any]:
    """Return the whole state of a new sandbox org, timestamped ``stamp``."""
    secrets = {
        name: {
            "value": value,
            "description": f"Seeded by the sandbox ({name})",
            "createdAt": stamp,
            "updatedAt": stamp,
        }
        for name, value in SEED_SECRET_VALUES.items()
    }
    return {
        "version": STATE_VERSION,
        "organization": {"id": ORG_ID, "name": ORG_NAME},
        "users": {
            ADMIN_CLIENT_ID: {"secret": ADMIN_CLIENT_SECRET, "role": "admin"},
            MEMBER_CLIENT_ID: {"secret": MEMBER_CLIENT_SECRET, "role": "member"},
        },
        "tokens": {},
        "secrets": secrets,
        "providers": {"port": seed_port_provider(stamp)},
        "defaults": None,
        "upstream": seed_upstream(),
    }
