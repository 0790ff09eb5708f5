"""validate_connection: every enabled model is tested; one failure saves nothing."""

from __future__ import annotations

import json

import pytest

from llmconf.catalog import CLAUDE_MODELS
from llmconf.sandbox import BEDROCK_DENIED_MESSAGE, LITELLM_BASE_URL, LITELLM_MODEL

from .conftest import error_name

VALIDATE = "/v1/llm-providers?validate_connection=true"
ROLE_CONFIG = {
    "roleArn": "arn:aws:iam::123456789012:role/port-bedrock",
    "region": "eu-central-1",
    "externalIdSecretName": "BEDROCK_ROLE_EXTERNAL_ID",
}
# The registration example of Port's setup guide, verbatim apart from the account.
GUIDE_BODY = {
    "provider": "bedrock",
    "enabled": True,
    "config": ROLE_CONFIG,
    "overrides": {
        "models": {
            "claude-haiku-4-5-20251001": {"enabled": True},
            "claude-sonnet-4-5-20250929": {"enabled": True},
            "claude-sonnet-4-20250514": {"enabled": False},
            "claude-opus-4-5-20251101": {"enabled": False},
            "claude-opus-4-6": {"enabled": False},
        }
    },
}
LITELLM = {
    "provider": "openai-compatible",
    "config": {
        "baseUrl": LITELLM_BASE_URL,
        "apiKeySecretName": "LITELLM_API_KEY",
        "models": [{"name": LITELLM_MODEL}],
    },
}


def test_the_bedrock_guide_example_passes(admin):
    response = admin.post(VALIDATE, json=GUIDE_BODY)

    assert response.status_code == 201, response.text
    effective = response.json()["result"]["effectiveModels"]
    assert [m for m, e in effective.items() if e["enabled"]] == [
        "claude-haiku-4-5-20251001",
        "claude-sonnet-4-5-20250929",
    ]


def test_the_guide_example_without_overrides_fails_and_saves_nothing(admin):
    body = {key: value for key, value in GUIDE_BODY.items() if key != "overrides"}

    response = admin.post(VALIDATE, json=body)

    assert response.status_code == 400
    payload = response.json()
    assert payload["ok"] is False
    assert payload["error"] == "llm_provider_model_test_error"
    assert payload["message"] == "Connection test failed for one or more models"
    tested = payload["details"]["testedModels"]
    assert list(tested) == list(CLAUDE_MODELS)
    assert tested["claude-haiku-4-5-20251001"] == {"isValid": True}
    assert tested["claude-sonnet-4-20250514"] == {
        "isValid": False,
        "message": BEDROCK_DENIED_MESSAGE,
    }
    assert admin.get("/v1/llm-providers/bedrock").status_code == 404


def test_listing_wanted_models_as_enabled_is_not_enough(admin):
    overrides = {"models": {"claude-haiku-4-5-20251001": {"enabled": True}}}

    response = admin.post(VALIDATE, json={**GUIDE_BODY, "overrides": overrides})

    assert response.status_code == 400
    assert len(response.json()["details"]["testedModels"]) == len(CLAUDE_MODELS)


@pytest.mark.parametrize(
    ("kind", "secret"),
    [
        ("openai", "openai-api-key"),
        ("anthropic", "anthropic-api-key"),
    ],
)
def test_direct_keys_reach_the_whole_catalog(admin, kind, secret):
    body = {"provider": kind, "config": {"apiKeySecretName": secret}}

    assert admin.post(VALIDATE, json=body).status_code == 201


@pytest.mark.parametrize(
    ("kind", "config"),
    [
        (
            "azure-openai",
            {
                "apiKeySecretName": "azure-openai-api-key",
                "endpoint": "https://r.openai.azure.com",
                "deployment": "gpt5",
            },
        ),
        (
            "azure-anthropic",
            {"apiKeySecretName": "azure-anthropic-api-key", "endpoint": "https://a"},
        ),
        (
            "bedrock",
            {
                "accessKeyIdSecretName": "aws-bedrock-access-key-id",
                "secretAccessKeySecretName": "aws-bedrock-secret-access-key",
                "region": "us-east-1",
            },
        ),
    ],
)
def test_other_seeded_credentials_reach_the_whole_catalog(admin, kind, config):
    response = admin.post(VALIDATE, json={"provider": kind, "config": config})

    assert response.status_code == 201, response.text


def test_a_key_of_another_type_is_an_invalid_key(admin):
    body = {"provider": "openai", "config": {"apiKeySecretName": "anthropic-api-key"}}

    response = admin.post(VALIDATE, json=body)

    assert response.json()["details"]["testedModels"] == {
        "gpt-5": {"isValid": False, "message": "Invalid API key"}
    }


def test_a_missing_secret_fails_every_model(admin):
    body = {"provider": "anthropic", "config": {"apiKeySecretName": "no-such-secret"}}

    response = admin.post(VALIDATE, json=body)

    tested = response.json()["details"]["testedModels"]
    assert set(tested) == set(CLAUDE_MODELS)
    for result in tested.values():
        assert result["isValid"] is False
        assert result["message"].startswith("Invalid API key")
        assert "no-such-secret" in result["message"]


@pytest.mark.parametrize("value", ["padded-value-do-not-echo ", "\tdo-not-echo\n"])
def test_a_secret_value_with_surrounding_whitespace_fails_every_model(admin, value):
    admin.post(
        "/v1/organization/secrets",
        json={"secretName": "PADDED_EXTERNAL_ID", "secretValue": value},
    )
    config = {**ROLE_CONFIG, "externalIdSecretName": "PADDED_EXTERNAL_ID"}

    response = admin.post(VALIDATE, json={**GUIDE_BODY, "config": config})

    assert response.status_code == 400
    tested = response.json()["details"]["testedModels"]
    assert all(
        r == {"isValid": False, "message": "Invalid API key"} for r in tested.values()
    )


def test_the_litellm_gateway_serves_its_model(admin):
    response = admin.post(VALIDATE, json=LITELLM)

    assert response.status_code == 201, response.text


def test_the_gateway_does_not_know_other_model_names(admin):
    config = {
        **LITELLM["config"],
        "models": [{"name": LITELLM_MODEL}, {"name": "gpt-9"}],
    }

    response = admin.post(VALIDATE, json={**LITELLM, "config": config})

    tested = response.json()["details"]["testedModels"]
    assert tested[LITELLM_MODEL] == {"isValid": True}
    assert tested["gpt-9"]["isValid"] is False
    assert "model not found" in tested["gpt-9"]["message"]


def test_another_base_url_is_connection_refused(admin):
    config = {**LITELLM["config"], "baseUrl": "https://nowhere.example.com/v1"}

    response = admin.post(VALIDATE, json={**LITELLM, "config": config})

    message = response.json()["details"]["testedModels"][LITELLM_MODEL]["message"]
    assert "Connection refused" in message


def test_without_the_flag_nothing_is_tested(admin):
    body = {"provider": "openai", "config": {"apiKeySecretName": "no-such-secret"}}

    assert admin.post("/v1/llm-providers", json=body).status_code == 201
    assert admin.post(VALIDATE.replace("true", "false"), json=body).status_code == 201


def test_a_disabled_provider_is_not_tested(admin):
    body = {"provider": "openai", "enabled": False, "config": {"apiKeySecretName": "x"}}

    assert admin.post(VALIDATE, json=body).status_code == 201


def test_put_with_the_flag_tests_the_merged_provider_and_keeps_the_old_one(admin):
    admin.post(VALIDATE, json=GUIDE_BODY)
    before = admin.get("/v1/llm-providers/bedrock").json()["result"]
    path = "/v1/llm-providers/bedrock?validate_connection=true"

    response = admin.put(path, json={"overrides": {"models": {}}})

    assert response.status_code == 400
    assert error_name(response) == "llm_provider_model_test_error"
    assert admin.get("/v1/llm-providers/bedrock").json()["result"] == before


def test_tests_can_make_more_models_reachable(admin, state_path):
    state = json.loads(state_path.read_text())
    gateway = next(
        e
        for e in state["upstream"]["endpoints"]
        if e["provider"] == "openai-compatible"
    )
    gateway["models"].append("gpt-9")
    state_path.write_text(json.dumps(state))
    config = {
        **LITELLM["config"],
        "models": [{"name": LITELLM_MODEL}, {"name": "gpt-9"}],
    }

    response = admin.post(VALIDATE, json={**LITELLM, "config": config})

    assert response.status_code == 201, response.text
