"""POST /v1/auth/access_token: one token per credentials, 3 hours, strict body."""

from __future__ import annotations

import httpx
import pytest

from llmconf.sandbox import (
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET,
    MEMBER_CLIENT_ID,
    MEMBER_CLIENT_SECRET,
    TOKEN_LIFETIME,
    SandboxTransport,
)

from .conftest import BASE_URL, CheckedSandbox

ADMIN = {"clientId": ADMIN_CLIENT_ID, "clientSecret": ADMIN_CLIENT_SECRET}
TOKEN_PATH = "/v1/auth/access_token"


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def timed(state_path, fake_time):
    sandbox = CheckedSandbox(state_path, clock=fake_time)
    with httpx.Client(transport=SandboxTransport(sandbox), base_url=BASE_URL) as client:
        yield client


def test_valid_credentials_get_a_bearer_token_for_three_hours(anon):
    response = anon.post(TOKEN_PATH, json=ADMIN)

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["tokenType"] == "Bearer"
    assert body["expiresIn"] == TOKEN_LIFETIME == 10_800
    assert body["accessToken"]


def test_asking_again_returns_the_same_token_while_it_is_valid(timed, fake_time):
    first = timed.post(TOKEN_PATH, json=ADMIN).json()
    fake_time.now += 600

    second = timed.post(TOKEN_PATH, json=ADMIN).json()

    assert second["accessToken"] == first["accessToken"]
    assert second["expiresIn"] == TOKEN_LIFETIME - 600


def test_each_set_of_credentials_has_its_own_token(anon):
    member = {"clientId": MEMBER_CLIENT_ID, "clientSecret": MEMBER_CLIENT_SECRET}

    admin_token = anon.post(TOKEN_PATH, json=ADMIN).json()["accessToken"]
    member_token = anon.post(TOKEN_PATH, json=member).json()["accessToken"]

    assert admin_token != member_token


def test_an_expired_token_is_refused_and_replaced(timed, fake_time):
    token = timed.post(TOKEN_PATH, json=ADMIN).json()["accessToken"]
    headers = {"Authorization": f"Bearer {token}"}
    assert timed.get("/v1/llm-providers", headers=headers).status_code == 200
    fake_time.now += TOKEN_LIFETIME

    refused = timed.get("/v1/llm-providers", headers=headers)
    fresh = timed.post(TOKEN_PATH, json=ADMIN).json()["accessToken"]

    assert refused.status_code == 401
    assert fresh != token


@pytest.mark.parametrize(
    "body",
    [
        {"clientId": ADMIN_CLIENT_ID, "clientSecret": "wrong"},
        {"clientId": "nobody", "clientSecret": ADMIN_CLIENT_SECRET},
        {"clientId": ADMIN_CLIENT_ID, "clientSecret": "sändbox"},
    ],
)
def test_wrong_credentials_are_401(anon, body):
    response = anon.post(TOKEN_PATH, json=body)

    assert response.status_code == 401
    assert response.json()["ok"] is False
    assert response.json()["error"] == "unauthorized"


def test_a_secret_with_a_lone_surrogate_is_401(anon):
    # JSON may escape a surrogate that no encoder would produce from real text.
    body = b'{"clientId": "sandbox-admin", "clientSecret": "\\ud800-lone"}'

    response = anon.post(TOKEN_PATH, content=body)

    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"clientId": ADMIN_CLIENT_ID},
        {"clientSecret": ADMIN_CLIENT_SECRET},
        {**ADMIN, "scope": "all"},
        {"clientId": 1, "clientSecret": ADMIN_CLIENT_SECRET},
        [ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET],
    ],
)
def test_a_body_off_the_schema_is_422(anon, body):
    response = anon.post(TOKEN_PATH, json=body)

    assert response.status_code == 422
    assert response.json()["ok"] is False
    assert response.json()["message"]
