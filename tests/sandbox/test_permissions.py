"""Who may call what: members read the provider list and the defaults, nothing else."""

from __future__ import annotations

import pytest

OPENAI = {"provider": "openai", "config": {"apiKeySecretName": "openai-api-key"}}
FORBIDDEN = {
    "name": "llm_provider_manage_forbidden",
    "message": "You do not have permission to manage LLM providers",
}
PROVIDER_WRITES = [
    ("POST", "/v1/llm-providers", OPENAI),
    ("GET", "/v1/llm-providers/openai", None),
    ("GET", "/v1/llm-providers/port", None),
    ("PUT", "/v1/llm-providers/openai", {"enabled": False}),
    ("DELETE", "/v1/llm-providers/openai", None),
    ("PUT", "/v1/llm-providers/defaults", {"provider": "openai", "model": "gpt-5"}),
]
SECRET_ROUTES = [
    ("GET", "/v1/organization/secrets", None),
    ("POST", "/v1/organization/secrets", {"secretName": "a", "secretValue": "b"}),
    ("GET", "/v1/organization/secrets/openai-api-key", None),
    ("PATCH", "/v1/organization/secrets/openai-api-key", {"description": "d"}),
    ("DELETE", "/v1/organization/secrets/openai-api-key", None),
]


@pytest.mark.parametrize("path", ["/v1/llm-providers", "/v1/llm-providers/defaults"])
def test_members_read_the_list_and_the_defaults(member, path):
    assert member.get(path).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), PROVIDER_WRITES)
def test_members_get_the_bare_forbidden_body_elsewhere(
    admin, member, method, path, body
):
    admin.post("/v1/llm-providers", json=OPENAI)

    response = member.request(method, path, json=body)

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert admin.get("/v1/llm-providers/openai").json()["result"]["enabled"] is True


@pytest.mark.parametrize(("method", "path", "body"), SECRET_ROUTES)
def test_members_may_not_touch_secrets(member, method, path, body):
    response = member.request(method, path, json=body)

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "body"), PROVIDER_WRITES + SECRET_ROUTES)
def test_admins_are_never_forbidden(admin, method, path, body):
    admin.post("/v1/llm-providers", json=OPENAI)

    assert admin.request(method, path, json=body).status_code != 403


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Basic c2FuZGJveA==", "not-a-token"],
)
@pytest.mark.parametrize(
    "path",
    ["/v1/llm-providers", "/v1/llm-providers/defaults", "/v1/organization/secrets"],
)
def test_a_missing_or_bad_token_is_401(anon, header, path):
    headers = {"Authorization": header} if header else {}

    response = anon.get(path, headers=headers)

    assert response.status_code == 401
    body = response.json()
    assert body["ok"] is False
    assert body["error"] == "unauthorized"
    assert body["message"]
