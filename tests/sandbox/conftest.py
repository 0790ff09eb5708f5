"""Fixtures for the sandbox tests. Every response they see is checked against the
schemas of Port's responses, for the common headers, and for leaked secret values."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

import llmconf
from llmconf.sandbox import (
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET,
    MEMBER_CLIENT_ID,
    MEMBER_CLIENT_SECRET,
    DropConnection,
    Sandbox,
    SandboxResponse,
    SandboxTransport,
)
from llmconf.sandbox.seed import SEED_SECRET_VALUES

SCHEMA_DIR = Path(llmconf.__file__).parent / "schemas" / "port"
BASE_URL = "https://sandbox.test"
# Secret values tests create contain this, so a leak is easy to spot.
LEAK_MARKER = "do-not-echo"
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
RATE_HEADERS = (
    "x-ratelimit-period",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
)

# (method, path regex, status) -> schema file stem; the first match wins.
SUCCESS_SCHEMAS = (
    ("POST", r"/v1/auth/access_token", 200, "token"),
    ("GET", r"/v1/llm-providers", 200, "provider-list"),
    ("GET|PUT", r"/v1/llm-providers/defaults", 200, "defaults"),
    ("POST", r"/v1/llm-providers", 201, "provider-single"),
    ("GET|PUT", r"/v1/llm-providers/[^/]+", 200, "provider-single"),
    ("DELETE", r"/v1/llm-providers/[^/]+", 204, None),
    ("GET", r"/v1/organization/secrets", 200, "secret-list"),
    ("POST", r"/v1/organization/secrets", 201, "secret"),
    ("GET|PATCH", r"/v1/organization/secrets/[^/]+", 200, "secret"),
    ("DELETE", r"/v1/organization/secrets/[^/]+", 204, None),
)


def _load_registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schemas[path.name.removesuffix(".schema.json")] = json.loads(path.read_text())
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    return registry, schemas


REGISTRY, SCHEMAS = _load_registry()


def validator(stem: str) -> Draft202012Validator:
    """Return a validator for ``<stem>.schema.json`` that resolves its sibling refs."""
    return Draft202012Validator(
        SCHEMAS[stem], registry=REGISTRY, format_checker=FormatChecker()
    )


def schema_for(method: str, path: str, status: int) -> str | None:
    """Return the schema stem a response must match; fail if the sandbox should
    never answer ``status`` on that route."""
    if status >= 400:
        return "error"
    for methods, pattern, code, stem in SUCCESS_SCHEMAS:
        if method in methods.split("|") and re.fullmatch(pattern, path):
            if code == status:
                return stem
    pytest.fail(f"no schema for {method} {path} -> {status}")


def assert_conforms(
    method: str, path: str, status: int, headers: dict[str, str], body: bytes
) -> None:
    """Check one response: headers, body schema, timestamps, no secret values."""
    lowered = {key.lower(): value for key, value in headers.items()}
    assert lowered.get("x-llmconf-sandbox") == "1"
    assert lowered.get("x-trace-id")
    for name in RATE_HEADERS:
        assert lowered.get(name, "").isdigit(), name

    text = body.decode()
    assert LEAK_MARKER not in text
    for value in SEED_SECRET_VALUES.values():
        assert value not in text

    stem = schema_for(method, path, status)
    if stem is None:
        assert body == b""
        return
    document = json.loads(body)
    errors = sorted(validator(stem).iter_errors(document), key=str)
    assert not errors, f"{method} {path} -> {status} breaks {stem}: {errors[0]}"
    _check_stamps(document)


def _check_stamps(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("createdAt", "updatedAt"):
                assert STAMP.match(value), value
            _check_stamps(value)
    elif isinstance(node, list):
        for item in node:
            _check_stamps(item)


class CheckedSandbox(Sandbox):
    """A Sandbox whose every answer (also a dropped one) is checked on the way out."""

    def handle(self, method, path, query, headers, body) -> SandboxResponse:
        try:
            response = super().handle(method, path, query, headers, body)
        except DropConnection as drop:
            _conforms(method, path, drop.response)
            raise
        _conforms(method, path, response)
        return response


def _conforms(method: str, path: str, response: SandboxResponse) -> None:
    assert_conforms(method, path, response.status, response.headers, response.body)


def check_httpx_response(response: httpx.Response) -> None:
    """An httpx response hook applying :func:`assert_conforms` (for the real server)."""
    response.read()
    request = response.request
    assert_conforms(
        request.method,
        request.url.path,
        response.status_code,
        dict(response.headers),
        response.content,
    )


def get_token(client: httpx.Client, client_id: str, secret: str) -> str:
    body = {"clientId": client_id, "clientSecret": secret}
    response = client.post("/v1/auth/access_token", json=body)
    assert response.status_code == 200, response.text
    return response.json()["accessToken"]


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "org.sandbox.json"


@pytest.fixture
def sandbox(state_path: Path) -> CheckedSandbox:
    return CheckedSandbox(state_path)


@pytest.fixture
def anon(sandbox: CheckedSandbox) -> Iterator[httpx.Client]:
    """An httpx client on the in-process transport, without a token."""
    with httpx.Client(transport=SandboxTransport(sandbox), base_url=BASE_URL) as client:
        yield client


@contextmanager
def signed_in(
    sandbox: Sandbox,
    client_id: str = ADMIN_CLIENT_ID,
    secret: str = ADMIN_CLIENT_SECRET,
) -> Iterator[httpx.Client]:
    """Yield an httpx client on ``sandbox``'s in-process transport with a token."""
    transport = SandboxTransport(sandbox)
    with httpx.Client(transport=transport, base_url=BASE_URL) as client:
        token = get_token(client, client_id, secret)
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


@pytest.fixture
def admin(sandbox: CheckedSandbox) -> Iterator[httpx.Client]:
    with signed_in(sandbox) as client:
        yield client


@pytest.fixture
def member(sandbox: CheckedSandbox) -> Iterator[httpx.Client]:
    with signed_in(sandbox, MEMBER_CLIENT_ID, MEMBER_CLIENT_SECRET) as client:
        yield client


def error_name(response: httpx.Response) -> str:
    """Return the error name of any of Port's three error forms."""
    body = response.json()
    error = body.get("error", body.get("name"))
    return error["name"] if isinstance(error, dict) else error


def error_message(response: httpx.Response) -> str:
    body = response.json()
    error = body.get("error")
    return error["message"] if isinstance(error, dict) else body["message"]
