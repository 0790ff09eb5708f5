"""The schemas of Port's responses: valid 2020-12, and as strict as Port's docs."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator

from llmconf.sandbox import BEDROCK_DENIED_MESSAGE

from .conftest import SCHEMAS, validator

STAMP = "2026-12-04T14:05:15.123Z"
PROVIDER = {
    "provider": "openai",
    "enabled": True,
    "config": {"apiKeySecretName": "openai-api-key"},
    "effectiveModels": {"gpt-5": {"enabled": True}},
    "createdAt": STAMP,
    "createdBy": "someone",
    "updatedAt": STAMP,
    "updatedBy": "someone",
}

# The error bodies Port's newest setup guide shows, verbatim.
GUIDE_ERRORS = [
    {
        "ok": False,
        "error": {
            "name": "LLMProviderNotFoundError",
            "message": "LLM provider 'openai' not found for organization",
        },
    },
    {
        "ok": False,
        "error": "llm_provider_model_test_error",
        "message": "Connection test failed for one or more models",
        "details": {
            "testedModels": {
                "claude-sonnet-4-5-20250929": {"isValid": True},
                "claude-sonnet-4-20250514": {
                    "isValid": False,
                    "message": BEDROCK_DENIED_MESSAGE,
                },
            }
        },
    },
    {
        "ok": False,
        "error": {
            "name": "LLMProviderInvalidConfigError",
            "message": "apiKeySecretName is required",
        },
    },
    {
        "name": "llm_provider_manage_forbidden",
        "message": "You do not have permission to manage LLM providers",
    },
    {
        "ok": False,
        "error": {
            "name": "LLMProviderModelNotEnabledError",
            "message": "Model 'gpt-5' is not enabled for provider 'openai'",
        },
    },
]


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_every_schema_is_valid_draft_2020_12(stem):
    schema = SCHEMAS[stem]

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/port/{stem}.schema.json")


@pytest.mark.parametrize("body", GUIDE_ERRORS)
def test_the_guides_error_examples_match_exactly_one_form(body):
    assert validator("error").is_valid(body)


@pytest.mark.parametrize(
    ("stem", "body"),
    [
        ("provider", PROVIDER),
        ("provider-single", {"ok": True, "result": PROVIDER}),
        ("provider-list", {"ok": True, "result": [PROVIDER]}),
        ("defaults", {"ok": True, "result": {"provider": "port", "model": "m"}}),
        (
            "token",
            {"ok": True, "accessToken": "t", "expiresIn": 10800, "tokenType": "x"},
        ),
    ],
)
def test_documented_success_bodies_are_accepted(stem, body):
    assert validator(stem).is_valid(body)


WRONG = [
    (
        "provider",
        {**PROVIDER, "effectiveModels": [{"model": "gpt-5", "enabled": True}]},
    ),
    ("provider", {**PROVIDER, "extra": 1}),
    ("provider", {key: v for key, v in PROVIDER.items() if key != "effectiveModels"}),
    ("provider", {**PROVIDER, "overrides": {"gpt-5": {"enabled": False}}}),
    ("provider-list", {"ok": True, "providers": [PROVIDER]}),
    (
        "token",
        {"ok": True, "accessToken": "t", "expiresIn": 1, "tokenType": "x", "a": 1},
    ),
    ("error", {"ok": False, "error": {"name": "X"}}),
    ("error", {"name": "llm_provider_manage_forbidden", "message": "m", "ok": False}),
    (
        "error",
        {
            "ok": False,
            "error": "llm_provider_model_test_error",
            "message": "m",
            "details": {"testedModels": {"gpt-5": {"isValid": False}}},
        },
    ),
    ("error", {"ok": False, "error": "llm_provider_model_test_error", "message": "m"}),
    (
        "secret",
        {
            "ok": True,
            "secret": {
                "secretName": "a",
                "description": None,
                "createdAt": STAMP,
                "updatedAt": STAMP,
                "secretValue": "leaked",
            },
        },
    ),
]


@pytest.mark.parametrize(("stem", "body"), WRONG)
def test_shapes_port_never_sends_are_refused(stem, body):
    assert not validator(stem).is_valid(body)
