"""Provider routes: wrappers, status codes, the provider object, PUT and POST."""

from __future__ import annotations

import pytest

from llmconf.catalog import CLAUDE_MODELS
from llmconf.sandbox import ADMIN_CLIENT_ID, LITELLM_BASE_URL

from .conftest import error_message, error_name

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}
ANTHROPIC = {
    "provider": "anthropic",
    "config": {"apiKeySecretName": "anthropic-api-key"},
}


def test_a_new_org_lists_only_the_port_provider(admin):
    response = admin.get("/v1/llm-providers")

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    [port] = body["result"]
    assert port["provider"] == "port"
    assert port["config"] == {}
    assert port["effectiveModels"] == {"claude-sonnet-4-5-20250929": {"enabled": True}}
    assert "overrides" not in port


def test_create_answers_201_with_the_provider_and_its_write_metadata(admin):
    response = admin.post("/v1/llm-providers", json=OPENAI)

    assert response.status_code == 201
    created = response.json()["result"]
    assert created["provider"] == "openai"
    assert created["enabled"] is True
    assert created["config"] == {"apiKeySecretName": "openai-api-key"}
    assert created["effectiveModels"] == {"gpt-5": {"enabled": True}}
    assert created["createdBy"] == created["updatedBy"] == ADMIN_CLIENT_ID
    assert created["createdAt"] == created["updatedAt"]
    assert "overrides" not in created


def test_effective_models_merge_the_catalog_with_partial_overrides(admin):
    body = {
        **ANTHROPIC,
        "overrides": {"models": {"claude-opus-4-6": {"enabled": False}}},
    }

    created = admin.post("/v1/llm-providers", json=body).json()["result"]

    assert list(created["effectiveModels"]) == list(CLAUDE_MODELS)
    assert created["effectiveModels"]["claude-opus-4-6"] == {"enabled": False}
    assert created["effectiveModels"]["claude-sonnet-4-20250514"] == {"enabled": True}
    assert created["overrides"] == body["overrides"]


def test_custom_catalog_types_take_their_models_from_config(admin):
    config = {
        "baseUrl": LITELLM_BASE_URL,
        "apiKeySecretName": "LITELLM_API_KEY",
        "models": [{"name": "my-litellm-model"}, {"name": "other-model"}],
    }
    body = {"provider": "openai-compatible", "config": config}

    created = admin.post("/v1/llm-providers", json=body).json()["result"]

    assert created["effectiveModels"] == {
        "my-litellm-model": {"enabled": True},
        "other-model": {"enabled": True},
    }


def test_get_one_returns_the_single_wrapper(admin):
    admin.post("/v1/llm-providers", json=OPENAI)

    response = admin.get("/v1/llm-providers/openai")

    assert response.status_code == 200
    assert response.json()["result"]["provider"] == "openai"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_an_unconfigured_provider_is_not_found(admin, method):
    body = {"enabled": False} if method == "PUT" else None

    response = admin.request(method, "/v1/llm-providers/openai", json=body)

    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "error": {
            "name": "LLMProviderNotFoundError",
            "message": "LLM provider 'openai' not found for organization",
        },
    }


def test_put_replaces_only_the_keys_it_gives(admin):
    overrides = {"models": {"claude-opus-4-6": {"enabled": False}}}
    admin.post("/v1/llm-providers", json={**ANTHROPIC, "overrides": overrides})

    response = admin.put("/v1/llm-providers/anthropic", json={"enabled": False})

    assert response.status_code == 200
    updated = response.json()["result"]
    assert updated["enabled"] is False
    assert updated["config"] == ANTHROPIC["config"]
    assert updated["overrides"] == overrides


def test_put_replaces_a_given_key_wholesale(admin):
    first = {"models": {"claude-opus-4-6": {"enabled": False}}}
    admin.post("/v1/llm-providers", json={**ANTHROPIC, "overrides": first})
    second = {"models": {"claude-sonnet-4-20250514": {"enabled": False}}}

    updated = admin.put("/v1/llm-providers/anthropic", json={"overrides": second})

    effective = updated.json()["result"]["effectiveModels"]
    assert effective["claude-opus-4-6"] == {"enabled": True}
    assert effective["claude-sonnet-4-20250514"] == {"enabled": False}


def test_every_write_moves_updated_at_and_keeps_created_at(admin):
    created = admin.post("/v1/llm-providers", json=OPENAI).json()["result"]
    stamps = [created["updatedAt"]]

    for enabled in (False, True, False):
        body = {"enabled": enabled}
        updated = admin.put("/v1/llm-providers/openai", json=body).json()["result"]
        assert updated["createdAt"] == created["createdAt"]
        stamps.append(updated["updatedAt"])

    assert stamps == sorted(set(stamps))


def test_post_on_an_existing_type_replaces_it(admin):
    overrides = {"models": {"gpt-5": {"enabled": False}}}
    first = admin.post("/v1/llm-providers", json={**OPENAI, "overrides": overrides})
    config = {"apiKeySecretName": "other-key"}

    again = admin.post(
        "/v1/llm-providers", json={"provider": "openai", "config": config}
    )

    assert again.status_code == 201
    replaced = again.json()["result"]
    assert replaced["config"] == config
    assert "overrides" not in replaced
    assert replaced["createdAt"] == first.json()["result"]["createdAt"]
    assert replaced["updatedAt"] > first.json()["result"]["updatedAt"]
    listed = admin.get("/v1/llm-providers").json()["result"]
    assert [p["provider"] for p in listed] == ["port", "openai"]


def test_delete_answers_204_with_an_empty_body(admin):
    admin.post("/v1/llm-providers", json=OPENAI)

    response = admin.delete("/v1/llm-providers/openai")

    assert response.status_code == 204
    assert response.content == b""
    assert admin.get("/v1/llm-providers/openai").status_code == 404


def test_the_port_provider_cannot_be_deleted(admin):
    response = admin.delete("/v1/llm-providers/port")

    assert response.status_code == 400
    assert error_name(response) == "LLMProviderInvalidConfigError"
    assert "cannot be deleted" in error_message(response)
    assert admin.get("/v1/llm-providers/port").status_code == 200


def test_the_port_provider_cannot_be_created(admin):
    response = admin.post("/v1/llm-providers", json={"provider": "port", "config": {}})

    assert response.status_code == 400
    assert error_name(response) == "LLMProviderInvalidConfigError"


def test_the_port_provider_takes_overrides_but_no_config(admin):
    off = {"overrides": {"models": {"claude-sonnet-4-5-20250929": {"enabled": False}}}}

    updated = admin.put("/v1/llm-providers/port", json=off)
    refused = admin.put("/v1/llm-providers/port", json={"config": {"x": "y"}})

    assert updated.status_code == 200
    effective = updated.json()["result"]["effectiveModels"]
    assert effective == {"claude-sonnet-4-5-20250929": {"enabled": False}}
    assert refused.status_code == 400


def test_unknown_provider_types_are_stored_and_returned_as_given(admin):
    overrides = {"models": {"mistral-large": {"enabled": True}}}
    body = {"provider": "mistral", "config": {"anything": 1}, "overrides": overrides}

    created = admin.post("/v1/llm-providers", json=body)

    assert created.status_code == 201
    shown = admin.get("/v1/llm-providers/mistral").json()["result"]
    assert shown["config"] == {"anything": 1}
    assert shown["effectiveModels"] == {"mistral-large": {"enabled": True}}


def test_defaults_is_a_fixed_path_not_a_provider(admin):
    response = admin.delete("/v1/llm-providers/defaults")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/v1/nothing-here"), ("PATCH", "/v1/llm-providers"), ("GET", "/")],
)
def test_unknown_routes_answer_the_generic_404(admin, method, path):
    response = admin.request(method, path)

    assert response.status_code == 404
    assert response.json()["ok"] is False
    assert response.json()["error"] == "not_found"
