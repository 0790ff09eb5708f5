"""Provider writes, defaults, secrets and the permission probe, with lost answers."""

from __future__ import annotations

import json

import httpx
import pytest
from port_fakes import DROP_AFTER_COMMIT, FORBIDDEN, FakePort, answer

from llmconf.errors import (
    ForbiddenError,
    ModelTestError,
    NotFoundError,
    UnavailableError,
)
from llmconf.port import RetryPolicy
from llmconf.state import Defaults

CREATE = "/v1/llm-providers"
OPENAI = "/v1/llm-providers/openai"
BODY = {
    "provider": "openai",
    "enabled": True,
    "config": {"apiKeySecretName": "OPENAI_KEY"},
    "overrides": {"models": {"gpt-5": {"enabled": True}}},
}
DOWN = {"ok": False, "error": "unavailable", "message": "Service unavailable"}


def test_create_sends_validate_connection(make_client, fake_port: FakePort) -> None:
    created = make_client().create_provider(BODY)

    (post,) = [
        r for r in fake_port.requests if r.method == "POST" and r.url.path == CREATE
    ]
    assert post.url.params["validate_connection"] == "true"
    assert json.loads(post.content) == BODY
    assert created["effectiveModels"] == {"gpt-5": {"enabled": True}}


@pytest.mark.parametrize("lost", [DROP_AFTER_COMMIT, "gateway"])
def test_lost_create_that_committed_is_not_sent_again(
    make_client, fake_port: FakePort, lost: str
) -> None:
    if lost == "gateway":
        fake_port.script("POST", CREATE, answer(502, DOWN))
        fake_port.add_provider("openai", config=dict(BODY["config"]))
    else:
        fake_port.script("POST", CREATE, DROP_AFTER_COMMIT)

    created = make_client().create_provider(BODY)

    assert fake_port.count("POST", CREATE) == 1
    assert fake_port.count("GET", OPENAI) == 1
    assert created["config"] == BODY["config"]


def test_lost_create_that_did_not_commit_is_sent_again(
    make_client, fake_port: FakePort, fake_time
) -> None:
    fake_port.script("POST", CREATE, httpx.ReadTimeout("no answer"))

    created = make_client().create_provider(BODY)

    assert fake_port.count("POST", CREATE) == 2
    assert created["provider"] == "openai"
    assert fake_time.sleeps == [0.5]


def test_lost_create_with_a_different_result_is_refused(
    make_client, fake_port: FakePort
) -> None:
    fake_port.script("POST", CREATE, httpx.ReadError("reset"))
    fake_port.add_provider("openai", config={"apiKeySecretName": "SOMEONE_ELSES"})

    with pytest.raises(UnavailableError) as caught:
        make_client().create_provider(BODY)

    assert "different configuration" in caught.value.message
    assert fake_port.count("POST", CREATE) == 1


def test_create_refused_by_rate_limit_is_retried(make_client, fake_port) -> None:
    fake_port.script("POST", CREATE, answer(429, {}, {"Retry-After": "1"}))

    make_client().create_provider(BODY)

    assert fake_port.count("POST", CREATE) == 2
    assert fake_port.count("GET", OPENAI) == 0


def test_create_that_never_connected_is_retried(make_client, fake_port) -> None:
    fake_port.script("POST", CREATE, httpx.ConnectError("refused"))

    make_client().create_provider(BODY)

    assert fake_port.count("POST", CREATE) == 2
    assert fake_port.count("GET", OPENAI) == 0


def test_create_gives_up_when_every_answer_is_lost(make_client, fake_port) -> None:
    fake_port.script("POST", CREATE, *[httpx.ReadTimeout("slow")] * 2)

    with pytest.raises(UnavailableError) as caught:
        make_client(retry=RetryPolicy(max_attempts=2)).create_provider(BODY)

    assert "gave up after 2 attempts" in caught.value.message
    assert fake_port.count("POST", CREATE) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"ok": True, "provider": {"provider": "openai", "enabled": True, "x": 1}},
        {"ok": True},
        None,
    ],
)
def test_create_answer_without_result_is_read_back(
    make_client, fake_port: FakePort, body
) -> None:
    fake_port.script("POST", CREATE, answer(201, body))
    fake_port.add_provider("openai", config={"apiKeySecretName": "OPENAI_KEY"})

    created = make_client().create_provider(BODY)

    assert created["provider"] == "openai"
    read_back = 0 if body and "provider" in body else 1
    assert fake_port.count("GET", OPENAI) == read_back


def test_failed_connection_test_is_not_retried(make_client, fake_port) -> None:
    failure = {
        "ok": False,
        "error": "llm_provider_model_test_error",
        "message": "Connection test failed for one or more models",
        "details": {"testedModels": {"gpt-5": {"isValid": False, "message": "bad"}}},
    }
    fake_port.script("POST", CREATE, answer(400, failure))

    with pytest.raises(ModelTestError) as caught:
        make_client().create_provider(BODY)

    assert caught.value.tested_models["gpt-5"]["isValid"] is False
    assert fake_port.count("POST", CREATE) == 1


def test_update_puts_with_validation(make_client, fake_port: FakePort) -> None:
    fake_port.add_provider("openai", config={"apiKeySecretName": "OLD"})
    body = {"config": {"apiKeySecretName": "NEW"}, "enabled": False}

    updated = make_client().update_provider("openai", body)

    (put,) = [r for r in fake_port.requests if r.method == "PUT"]
    assert put.url.params["validate_connection"] == "true"
    assert updated["config"] == {"apiKeySecretName": "NEW"}
    assert updated["enabled"] is False


def test_update_is_retried_after_a_gateway_error(make_client, fake_port) -> None:
    fake_port.add_provider("openai", config={"apiKeySecretName": "OLD"})
    fake_port.script("PUT", OPENAI, answer(504, DOWN))

    make_client().update_provider("openai", {"config": {"apiKeySecretName": "N"}})

    assert fake_port.count("PUT", OPENAI) == 2


@pytest.mark.parametrize("answer_body", [None, {"ok": True}])
def test_delete_accepts_204_with_or_without_body(
    make_client, fake_port: FakePort, answer_body
) -> None:
    fake_port.script("DELETE", OPENAI, answer(204, answer_body))

    assert make_client().delete_provider("openai") is None


def test_lost_delete_counts_a_later_404_as_done(make_client, fake_port) -> None:
    fake_port.add_provider("openai", config={})
    fake_port.script("DELETE", OPENAI, DROP_AFTER_COMMIT)

    make_client().delete_provider("openai")

    assert fake_port.count("DELETE", OPENAI) == 2
    assert "openai" not in fake_port.providers


@pytest.mark.parametrize("first", [None, answer(429, {}, {"Retry-After": "0"})])
def test_delete_of_a_missing_provider_is_not_found(
    make_client, fake_port, first
) -> None:
    if first is not None:
        fake_port.script("DELETE", OPENAI, first)

    with pytest.raises(NotFoundError):
        make_client().delete_provider("openai")


def test_get_provider_returns_none_when_missing(make_client, fake_port) -> None:
    client = make_client()
    assert client.get_provider("openai") is None

    fake_port.add_provider("openai", config={"apiKeySecretName": "K"})
    assert client.get_provider("openai")["config"] == {"apiKeySecretName": "K"}


def test_set_defaults_puts_both_fields(make_client, fake_port: FakePort) -> None:
    defaults = make_client().set_defaults("openai", "gpt-5")

    (put,) = [r for r in fake_port.requests if r.method == "PUT"]
    assert json.loads(put.content) == {"provider": "openai", "model": "gpt-5"}
    assert defaults == Defaults("openai", "gpt-5")


def test_secrets_are_checked_by_name(make_client, fake_port: FakePort) -> None:
    fake_port.secrets = {"OPENAI_KEY", "BEDROCK_ID"}

    found = make_client().secrets_exist(
        ["OPENAI_KEY", "MISSING", "BEDROCK_ID", "MISSING"]
    )

    assert found == {"OPENAI_KEY": True, "MISSING": False, "BEDROCK_ID": True}
    assert fake_port.count("GET") == 3


def test_no_secrets_means_no_requests(make_client, fake_port) -> None:
    assert make_client().secrets_exist([]) == {}
    assert fake_port.requests == []


def test_members_cannot_manage(make_client, fake_port: FakePort) -> None:
    fake_port.member = True

    with pytest.raises(ForbiddenError) as caught:
        make_client().check_can_manage()

    assert caught.value.message == FORBIDDEN["message"]
    assert fake_port.count("GET", "/v1/llm-providers/port") == 1


def test_admins_pass_the_manage_probe(make_client, fake_port: FakePort) -> None:
    make_client().check_can_manage()

    assert [r.method for r in fake_port.requests] == ["POST", "GET"]


def test_create_needs_a_provider_type(make_client) -> None:
    with pytest.raises(ValueError):
        make_client().create_provider({"config": {}})
