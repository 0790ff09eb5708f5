"""Org defaults: system defaults until set; only enabled providers and models."""

from __future__ import annotations

import pytest

from llmconf.sandbox import ADMIN_CLIENT_ID

from .conftest import error_message, error_name

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}
PATH = "/v1/llm-providers/defaults"


def test_a_new_org_reports_the_system_defaults_without_metadata(admin):
    response = admin.get(PATH)

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "result": {"provider": "port", "model": "claude-sonnet-4-5-20250929"},
    }


def test_setting_defaults_records_who_and_when(admin):
    admin.post("/v1/llm-providers", json=OPENAI)

    response = admin.put(PATH, json={"provider": "openai", "model": "gpt-5"})

    assert response.status_code == 200
    result = response.json()["result"]
    assert (result["provider"], result["model"]) == ("openai", "gpt-5")
    assert result["createdBy"] == result["updatedBy"] == ADMIN_CLIENT_ID
    assert admin.get(PATH).json()["result"] == result


def test_changing_defaults_keeps_created_at_and_moves_updated_at(admin):
    admin.post("/v1/llm-providers", json=OPENAI)
    first = admin.put(PATH, json={"provider": "openai", "model": "gpt-5"}).json()
    port = {"provider": "port", "model": "claude-sonnet-4-5-20250929"}

    second = admin.put(PATH, json=port).json()

    assert second["result"]["createdAt"] == first["result"]["createdAt"]
    assert second["result"]["updatedAt"] > first["result"]["updatedAt"]


def test_an_unconfigured_provider_cannot_be_the_default(admin):
    response = admin.put(PATH, json={"provider": "openai", "model": "gpt-5"})

    assert response.status_code == 404
    assert error_name(response) == "LLMProviderNotFoundError"


def test_a_disabled_provider_cannot_be_the_default(admin):
    admin.post("/v1/llm-providers", json={**OPENAI, "enabled": False})

    response = admin.put(PATH, json={"provider": "openai", "model": "gpt-5"})

    assert response.status_code == 404
    assert error_name(response) == "LLMProviderNotFoundError"


@pytest.mark.parametrize(
    ("overrides", "model"),
    [
        ({"models": {"gpt-5": {"enabled": False}}}, "gpt-5"),
        (None, "claude-sonnet-4-5-20250929"),
    ],
)
def test_the_model_must_be_enabled_on_the_provider(admin, overrides, model):
    body = {**OPENAI, "overrides": overrides} if overrides else OPENAI
    admin.post("/v1/llm-providers", json=body)

    response = admin.put(PATH, json={"provider": "openai", "model": model})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "name": "LLMProviderModelNotEnabledError",
        "message": f"Model '{model}' is not enabled for provider 'openai'",
    }


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "port"},
        {"model": "claude-sonnet-4-5-20250929"},
        {"provider": "port", "model": "claude-sonnet-4-5-20250929", "x": 1},
        {"provider": "port", "model": 5},
        ["port"],
    ],
)
def test_the_body_must_be_exactly_provider_and_model(admin, body):
    response = admin.put(PATH, json=body)

    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_the_default_provider_cannot_be_deleted(admin):
    admin.post("/v1/llm-providers", json=OPENAI)
    admin.put(PATH, json={"provider": "openai", "model": "gpt-5"})

    refused = admin.delete("/v1/llm-providers/openai")
    admin.put(PATH, json={"provider": "port", "model": "claude-sonnet-4-5-20250929"})
    allowed = admin.delete("/v1/llm-providers/openai")

    assert refused.status_code == 400
    assert error_name(refused) == "LLMProviderInvalidConfigError"
    assert "'openai' is the organization default" in error_message(refused)
    assert allowed.status_code == 204
