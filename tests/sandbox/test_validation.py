"""Provider body rules: a bad body names its problem (LLMProviderInvalidConfigError)."""

from __future__ import annotations

import pytest

from .conftest import error_message, error_name

ROLE = "arn:aws:iam::123456789012:role/port-bedrock"
KEYS = {
    "accessKeyIdSecretName": "aws-bedrock-access-key-id",
    "secretAccessKeySecretName": "aws-bedrock-secret-access-key",
}
MODELS = [{"name": "my-litellm-model"}]
GATEWAY = "https://gw.example.com/v1"
SERVICE_ACCOUNT = {
    "clientEmailSecretName": "VERTEX_SA_CLIENT_EMAIL",
    "privateKeySecretName": "VERTEX_SA_PRIVATE_KEY",
    "project": "my-project",
    "location": "us-east5",
}

VALID = {
    "openai": {"apiKeySecretName": "openai-api-key"},
    "anthropic": {"apiKeySecretName": "anthropic-api-key"},
    "azure-openai/resource": {
        "apiKeySecretName": "azure-openai-api-key",
        "resourceName": "my-resource",
        "deploymentId": "gpt5",
    },
    "azure-openai/endpoint": {
        "apiKeySecretName": "azure-openai-api-key",
        "endpoint": "https://my-resource.openai.azure.com",
        "deployment": "gpt5",
    },
    "azure-anthropic": {
        "apiKeySecretName": "azure-anthropic-api-key",
        "endpoint": "https://my-resource.services.ai.azure.com/anthropic",
    },
    "bedrock/keys": {**KEYS, "region": "us-east-1", "guardrailIdentifier": "g1"},
    "bedrock/role": {
        "roleArn": ROLE,
        "region": "eu-central-1",
        "externalIdSecretName": "BEDROCK_ROLE_EXTERNAL_ID",
        "guardrailVersion": "",
    },
    "openai-compatible": {
        "baseUrl": GATEWAY,
        "apiKeySecretName": "LITELLM_API_KEY",
        "customHeaders": {"X-Team": "platform"},
        "supportsStructuredOutputs": True,
        "models": [
            {
                "name": "my-litellm-model",
                "displayName": "LiteLLM",
                "contextWindow": 128000,
                "supportedFeatures": {"temperature": True, "caching": False},
            }
        ],
    },
    "anthropic-compatible/key": {
        "baseUrl": "https://gw.example.com",
        "apiKeySecretName": "GW_KEY",
        "models": [{"name": "claude-sonnet-4-20250514"}],
    },
    "anthropic-compatible/token": {
        "baseUrl": "https://gw.example.com",
        "authTokenSecretName": "GW_TOKEN",
        "models": [{"name": "claude-sonnet-4-20250514"}],
    },
    "vertex-gemini/express": {"apiKeySecretName": "VERTEX_KEY", "models": MODELS},
    "vertex-gemini/account": {**SERVICE_ACCOUNT, "models": MODELS},
    "vertex-anthropic": {**SERVICE_ACCOUNT, "models": MODELS},
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_every_documented_config_form_is_accepted(admin, case):
    body = {"provider": case.split("/")[0], "config": VALID[case]}

    response = admin.post("/v1/llm-providers", json=body)

    assert response.status_code == 201, response.text
    assert response.json()["result"]["config"] == VALID[case]


INVALID = [
    ("openai", {}, "apiKeySecretName is required"),
    ("openai", {"apiKeySecretName": ""}, "apiKeySecretName must be a non-empty string"),
    ("openai", {"apiKeySecretName": 7}, "apiKeySecretName must be a non-empty string"),
    ("openai", {"apiKeySecretName": "k", "region": "us-east-1"}, "region is not a"),
    ("azure-openai", {"apiKeySecretName": "k", "resourceName": "r"}, "deploymentId"),
    (
        "azure-openai",
        {"apiKeySecretName": "k", "resourceName": "r", "deployment": "d"},
        "deployment cannot be combined with resourceName",
    ),
    ("azure-anthropic", {"apiKeySecretName": "k"}, "endpoint is required"),
    ("bedrock", {"roleArn": ROLE}, "region is required"),
    (
        "bedrock",
        {**KEYS, "roleArn": ROLE, "region": "us-east-1"},
        "roleArn cannot be combined with accessKeyIdSecretName",
    ),
    ("bedrock", {**KEYS, "region": "us-gov-west-1"}, "region must match pattern"),
    ("bedrock", {**KEYS, "region": "eu-west-10"}, "region must match pattern"),
    (
        "bedrock",
        {"roleArn": "arn:aws:iam::123456789012:role/path/name", "region": "us-east-1"},
        "roleArn must match pattern",
    ),
    (
        "bedrock",
        {"roleArn": "arn:aws:iam::1234:role/x", "region": "us-east-1"},
        "roleArn",
    ),
    (
        "bedrock",
        {"roleArn": ROLE, "region": "us-east-1", "externalIdSecretName": ""},
        "externalIdSecretName must be a non-empty string",
    ),
    ("openai-compatible", {"models": MODELS}, "baseUrl is required"),
    ("openai-compatible", {"baseUrl": GATEWAY}, "models is required"),
    ("openai-compatible", {"baseUrl": GATEWAY, "models": []}, "at least 1 model"),
    ("openai-compatible", {"baseUrl": "gw", "models": MODELS}, "baseUrl must be"),
    (
        "openai-compatible",
        {"baseUrl": GATEWAY, "models": [{"name": "ab"}]},
        "models[0].name must be at least 3 characters",
    ),
    (
        "openai-compatible",
        {"baseUrl": GATEWAY, "models": [{"name": "abc", "contextWindow": 0}]},
        "models[0].contextWindow must be a positive integer",
    ),
    (
        "openai-compatible",
        {"baseUrl": GATEWAY, "models": [{"name": "abc", "flavour": "x"}]},
        "models[0].flavour is not a model field",
    ),
    (
        "openai-compatible",
        {
            "baseUrl": GATEWAY,
            "models": [{"name": "abc", "supportedFeatures": {"caching": "yes"}}],
        },
        "supportedFeatures must be an object of booleans",
    ),
    (
        "openai-compatible",
        {"baseUrl": GATEWAY, "models": [{"name": "abc"}, {"name": "abc"}]},
        "models[1].name 'abc' is listed twice",
    ),
    (
        "openai-compatible",
        {"baseUrl": GATEWAY, "models": MODELS, "customHeaders": {"X-A": 1}},
        "customHeaders must be an object of string values",
    ),
    (
        "anthropic-compatible",
        {"baseUrl": GATEWAY, "models": MODELS},
        "exactly one of apiKeySecretName or authTokenSecretName is required",
    ),
    (
        "anthropic-compatible",
        {
            "baseUrl": GATEWAY,
            "models": MODELS,
            "apiKeySecretName": "a",
            "authTokenSecretName": "b",
        },
        "authTokenSecretName cannot be combined with apiKeySecretName",
    ),
    (
        "vertex-gemini",
        {"clientEmailSecretName": "e", "models": MODELS},
        "privateKeySecretName is required",
    ),
    (
        "vertex-gemini",
        {**SERVICE_ACCOUNT, "apiKeySecretName": "k", "models": MODELS},
        "cannot be combined with",
    ),
    (
        "vertex-anthropic",
        {"apiKeySecretName": "k", "models": MODELS},
        "apiKeySecretName",
    ),
]


@pytest.mark.parametrize(("kind", "config", "expected"), INVALID)
def test_bad_configs_are_refused_with_a_message_naming_the_field(
    admin, kind, config, expected
):
    response = admin.post(
        "/v1/llm-providers", json={"provider": kind, "config": config}
    )

    assert response.status_code == 400
    assert error_name(response) == "LLMProviderInvalidConfigError"
    assert expected in error_message(response)
    assert admin.get(f"/v1/llm-providers/{kind}").status_code == 404


BAD_BODIES = [
    ({"config": {"apiKeySecretName": "k"}}, "provider is required"),
    ({"provider": "openai"}, "config is required"),
    ({"provider": "openai", "config": [], "enabled": True}, "config must be an object"),
    ({"provider": "openai", "config": {"apiKeySecretName": "k"}, "x": 1}, "x is not"),
    ({"provider": "openai", "config": {"apiKeySecretName": "k"}, "enabled": "yes"}, ""),
    ([1, 2], "request body must be an object"),
    (
        {
            "provider": "openai",
            "config": {"apiKeySecretName": "k"},
            "overrides": {"models": {"claude-opus-4-6": {"enabled": False}}},
        },
        "Model 'claude-opus-4-6' is not supported by provider 'openai'",
    ),
    (
        {
            "provider": "openai",
            "config": {"apiKeySecretName": "k"},
            "overrides": {"models": {"gpt-5": {"enabled": "no"}}},
        },
        "overrides.models.gpt-5.enabled must be a boolean",
    ),
    (
        {
            "provider": "openai",
            "config": {"apiKeySecretName": "k"},
            "overrides": {"gpt-5": {"enabled": False}},
        },
        "overrides.gpt-5 is not an overrides field",
    ),
]


@pytest.mark.parametrize(("body", "expected"), BAD_BODIES)
def test_bad_create_bodies_are_refused(admin, body, expected):
    response = admin.post("/v1/llm-providers", json=body)

    assert response.status_code == 400
    assert error_name(response) == "LLMProviderInvalidConfigError"
    assert expected in error_message(response)


def test_put_refuses_a_provider_key_and_checks_the_merged_result(admin):
    config = {"baseUrl": GATEWAY, "models": [{"name": "model-a"}, {"name": "model-b"}]}
    overrides = {"models": {"model-b": {"enabled": False}}}
    body = {"provider": "openai-compatible", "config": config, "overrides": overrides}
    admin.post("/v1/llm-providers", json=body)
    path = "/v1/llm-providers/openai-compatible"

    with_key = admin.put(path, json={"provider": "openai-compatible"})
    # The stored overrides still name model-b, which the new config drops.
    dropped = admin.put(
        path, json={"config": {**config, "models": [{"name": "model-a"}]}}
    )

    assert with_key.status_code == 400
    assert "provider is not an allowed field" in error_message(with_key)
    assert dropped.status_code == 400
    assert "Model 'model-b' is not supported" in error_message(dropped)


@pytest.mark.parametrize("raw", [b"", b"{not json", b"\xff"])
def test_a_body_that_is_not_json_is_the_gateways_422(admin, raw):
    response = admin.post(
        "/v1/llm-providers", content=raw, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_a_bad_validate_connection_flag_is_refused(admin):
    body = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}

    response = admin.post("/v1/llm-providers?validate_connection=maybe", json=body)

    assert response.status_code == 422
