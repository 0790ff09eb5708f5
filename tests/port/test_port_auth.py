"""Credentials from the environment, base URL resolution and the token cache."""

from __future__ import annotations

import pytest
from port_fakes import CLIENT_ID, CLIENT_SECRET, TOKEN, FakePort, FakeTime

from llmconf import redact
from llmconf.errors import AuthError, UsageError
from llmconf.port import Credentials, credentials_from_env, resolve_base_url
from llmconf.state import CredentialsEnv

NAMES = CredentialsEnv()
CUSTOM = CredentialsEnv("ACME_ID", "ACME_SECRET", "ACME_TOKEN", "ACME_URL")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT_TOKEN": "ready-token-1"}, Credentials(token="ready-token-1")),
        (
            {"PORT_TOKEN": "ready-token-1", "PORT_CLIENT_ID": "a"},
            Credentials(token="ready-token-1"),
        ),
        (
            {"PORT_CLIENT_ID": "id-1", "PORT_CLIENT_SECRET": "secret-1\n"},
            Credentials("id-1", "secret-1"),
        ),
        (
            {"PORT_TOKEN": "  ", "PORT_CLIENT_ID": "id-1", "PORT_CLIENT_SECRET": "s-1"},
            Credentials("id-1", "s-1"),
        ),
    ],
)
def test_credentials_come_from_the_environment(env: dict, expected: Credentials):
    assert credentials_from_env(env, NAMES) == expected


@pytest.mark.parametrize(
    ("env", "names", "mentioned"),
    [
        ({}, NAMES, ["PORT_CLIENT_ID", "PORT_CLIENT_SECRET", "PORT_TOKEN"]),
        ({"PORT_CLIENT_ID": "id-1"}, NAMES, ["PORT_CLIENT_SECRET", "PORT_TOKEN"]),
        ({"PORT_CLIENT_SECRET": "s-1"}, NAMES, ["PORT_CLIENT_ID"]),
        ({"PORT_TOKEN": "x"}, CUSTOM, ["ACME_ID", "ACME_SECRET", "ACME_TOKEN"]),
    ],
)
def test_missing_credentials_name_the_variables(
    env: dict, names: CredentialsEnv, mentioned: list[str]
) -> None:
    with pytest.raises(AuthError) as caught:
        credentials_from_env(env, names)

    for name in mentioned:
        assert name in caught.value.message


def test_credentials_hide_and_register_their_secrets() -> None:
    credentials = Credentials("id-1", "hidden-secret-5150", "hidden-token-5150")

    assert "hidden-" not in repr(credentials)
    assert redact.scrub("a hidden-secret-5150 b hidden-token-5150") == (
        f"a {redact.MASK} b {redact.MASK}"
    )


@pytest.mark.parametrize(
    ("cli", "env", "file_port", "expected"),
    [
        (None, {}, None, "https://api.port.io"),
        (None, {}, "eu", "https://api.port.io"),
        (None, {}, "US", "https://api.us.port.io"),
        (None, {}, "http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        (None, {"PORT_API_URL": "http://127.0.0.1:1"}, "us", "http://127.0.0.1:1"),
        ("http://127.0.0.1:2", {"PORT_API_URL": "http://127.0.0.1:1"}, "us", ""),
        ("us", {}, None, "https://api.us.port.io"),
        ("", {"PORT_API_URL": ""}, None, "https://api.port.io"),
    ],
)
def test_base_url_order_is_flag_env_file_default(
    cli: str | None, env: dict, file_port: str | None, expected: str
) -> None:
    expected = expected or "http://127.0.0.1:2"

    assert resolve_base_url(cli, env, NAMES, file_port) == expected


def test_base_url_reads_the_files_own_variable_name() -> None:
    env = {"ACME_URL": "https://127.0.0.1:3", "PORT_API_URL": "http://127.0.0.1:4"}

    assert resolve_base_url(None, env, CUSTOM, None) == "https://127.0.0.1:3"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("ftp://127.0.0.1", "http:// or https://"),
        ("file:///etc/passwd", "http:// or https://"),
        ("127.0.0.1:8080", "http:// or https://"),
        ("asia", "expected a region (eu, us)"),
        ("http://", "http:// or https://"),
        ("https://user:pw@127.0.0.1", "must not carry a user or password"),
        ("https://127.0.0.1/?x=1", "no query or fragment"),
    ],
)
def test_bad_base_urls_are_refused_clearly(value: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_base_url(value, {}, NAMES, None)

    assert fragment in str(caught.value)
    assert str(caught.value).startswith("--api-url")
    assert "pw@" not in str(caught.value)


def test_token_is_obtained_once_and_cached(make_client, fake_port: FakePort) -> None:
    client = make_client()

    assert client.token() == TOKEN
    assert client.token() == TOKEN
    assert fake_port.count("POST", "/v1/auth/access_token") == 1


def test_token_is_renewed_when_it_expires(
    make_client, fake_port: FakePort, fake_time: FakeTime
) -> None:
    fake_port.expires_in = 600
    client = make_client()
    client.token()

    fake_time.now += 599
    fake_port.token = "tok-second-bearer-token-888"

    assert client.token() == "tok-second-bearer-token-888"
    assert fake_port.count("POST", "/v1/auth/access_token") == 2


def test_ready_token_is_used_without_asking_port(
    make_client, fake_port: FakePort
) -> None:
    client = make_client(Credentials(token=TOKEN))

    assert client.token() == TOKEN
    client.get_provider("openai")
    assert fake_port.count("POST") == 0


def test_refused_client_credentials_raise_auth_error(make_client) -> None:
    client = make_client(Credentials(CLIENT_ID, "cs-wrong-secret-value-1"))

    with pytest.raises(AuthError) as caught:
        client.token()

    assert caught.value.message == "Port refused the client credentials: Bad creds"
    assert caught.value.status == 401


def test_refused_token_is_renewed_once_then_the_call_retried(
    make_client, fake_port: FakePort
) -> None:
    client = make_client()
    client.token()
    fake_port.token = "tok-rotated-bearer-token-999"

    assert client.get_provider("openai") is None
    assert fake_port.count("POST", "/v1/auth/access_token") == 2
    assert fake_port.count("GET", "/v1/llm-providers/openai") == 2


def test_refused_ready_token_is_an_auth_error(make_client, fake_port) -> None:
    client = make_client(Credentials(token="tok-revoked-token-000"))

    with pytest.raises(AuthError):
        client.get_provider("openai")
    assert fake_port.count("GET") == 1


def test_client_secret_reaches_port_only_in_the_token_body(
    make_client, fake_port: FakePort
) -> None:
    make_client().read_live()

    token_request, *others = fake_port.requests
    assert CLIENT_SECRET in token_request.content.decode()
    assert "Authorization" not in token_request.headers
    for request in others:
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert CLIENT_SECRET not in str(request.headers) + request.content.decode()


@pytest.mark.parametrize(
    ("env", "variable", "secret"),
    [
        ({"PORT_TOKEN": "tok-first-half\ntok-second-half"}, "PORT_TOKEN", "tok-"),
        ({"PORT_TOKEN": "tok-with\ttab-inside"}, "PORT_TOKEN", "tok-"),
        ({"PORT_TOKEN": "tok-with-nul\x00-inside"}, "PORT_TOKEN", "tok-"),
        (
            {"PORT_CLIENT_ID": "id-1", "PORT_CLIENT_SECRET": "cs-a\r\ncs-b-rest"},
            "PORT_CLIENT_SECRET",
            "cs-",
        ),
        (
            {"PORT_CLIENT_ID": "id\x1b[0m", "PORT_CLIENT_SECRET": "cs-fine-1"},
            "PORT_CLIENT_ID",
            "id\x1b",
        ),
    ],
)
def test_control_characters_in_credentials_are_refused_without_the_value(
    env: dict, variable: str, secret: str
) -> None:
    with pytest.raises(AuthError) as caught:
        credentials_from_env(env, NAMES)

    assert caught.value.message == (
        f"{variable} contains a line break or other control character; "
        "set it to the value alone"
    )
    assert secret not in caught.value.message


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"PORT_TOKEN": "tökén"}, "PORT_TOKEN"),
        ({"PORT_TOKEN": "\u201ctok-quoted\u201d"}, "PORT_TOKEN"),
        (
            {"PORT_CLIENT_ID": "id-1", "PORT_CLIENT_SECRET": "sändbox"},
            "PORT_CLIENT_SECRET",
        ),
        ({"PORT_CLIENT_ID": "ïd", "PORT_CLIENT_SECRET": "cs-1"}, "PORT_CLIENT_ID"),
    ],
)
def test_non_ascii_credentials_are_refused_without_the_value(
    env: dict, variable: str
) -> None:
    with pytest.raises(AuthError) as caught:
        credentials_from_env(env, NAMES)

    assert caught.value.message.startswith(f"{variable} contains a non-ASCII")
    assert not any(value in caught.value.message for value in env.values())


def test_a_refused_credential_is_masked_in_its_parts() -> None:
    env = {"PORT_TOKEN": "tok-first-half-1\ntok-second-half-2\tx"}

    with pytest.raises(AuthError):
        credentials_from_env(env, NAMES)

    quoted = "b'tok-first-half-1\\ntok-second-half-2\\tx' and tok-second-half-2"
    assert "tok-" not in redact.scrub(quoted)


def test_short_fragments_of_a_secret_stay_readable() -> None:
    Credentials("id-1", "cs-long-enough-part\nabc")

    assert redact.scrub("abc cs-long-enough-part") == f"abc {redact.MASK}"


@pytest.mark.parametrize(
    ("names", "env"),
    [
        (CredentialsEnv("ACME_ID", "Xk9P-qR2v.Lm8s", "ACME_TOKEN"), {"ACME_ID": "a"}),
        (CredentialsEnv("Xk9P-qR2v.Lm8s", "ACME_SECRET", "ACME_TOKEN"), {}),
        (CredentialsEnv("ACME_ID", "ACME_SECRET", "Xk9P-qR2v.Lm8s"), {}),
    ],
)
def test_only_variable_shaped_names_appear_in_messages(
    names: CredentialsEnv, env: dict
) -> None:
    with pytest.raises(AuthError) as caught:
        credentials_from_env(env, names)

    assert "Xk9P" not in caught.value.message
    assert "the environment variable the config file names" in caught.value.message


def test_a_base_url_with_an_impossible_port_is_refused():
    from llmconf.errors import UsageError
    from llmconf.port import resolve_base_url
    from llmconf.state import CredentialsEnv

    with pytest.raises(UsageError, match="the port must be a number"):
        resolve_base_url("http://127.0.0.1:99999", {}, CredentialsEnv(), None)
