"""The ``/v1/organization/secrets`` routes. Values go in, only metadata comes out."""

from __future__ import annotations

import re
from typing import Any

from llmconf.sandbox.request import Request, check_body
from llmconf.sandbox.responses import (
    SandboxResponse,
    empty_response,
    generic_error,
    invalid_request,
    json_response,
)

SECRET_NAME = re.compile(r"^[A-Za-z0-9-_]*$")
MAX_NAME = 100
MAX_DESCRIPTION = 200


def metadata(name: str, stored: dict[str, Any]) -> dict[str, Any]:
    """Return what Port shows of a secret: never its value."""
    return {
        "secretName": name,
        "description": stored.get("description"),
        "createdAt": stored["createdAt"],
        "updatedAt": stored["updatedAt"],
    }


def list_secrets(request: Request, state: dict[str, Any]) -> SandboxResponse:
    secrets = state["secrets"]
    listed = [metadata(name, secrets[name]) for name in sorted(secrets)]
    return json_response(200, {"ok": True, "secrets": listed})


def get_secret(request: Request, state: dict[str, Any]) -> SandboxResponse:
    name = request.params["secret_name"]
    return json_response(
        200, {"ok": True, "secret": metadata(name, _stored(state, name))}
    )


def create_secret(request: Request, state: dict[str, Any]) -> SandboxResponse:
    body = check_body(
        request.json_body(), ("secretName", "secretValue"), ("description",)
    )
    _check_description(body)
    name = body["secretName"]
    if not 1 <= len(name) <= MAX_NAME:
        raise invalid_request(f"body/secretName must be 1 to {MAX_NAME} characters")
    if not SECRET_NAME.match(name):
        raise invalid_request(
            f'body/secretName must match pattern "{SECRET_NAME.pattern}"'
        )
    if name in state["secrets"]:
        raise generic_error(409, "conflict", f"Secret '{name}' already exists")

    stamp = request.clock.stamp()
    stored = {"value": body["secretValue"], "description": body.get("description")}
    stored.update(createdAt=stamp, updatedAt=stamp)
    state["secrets"][name] = stored
    return json_response(201, {"ok": True, "secret": metadata(name, stored)})


def update_secret(request: Request, state: dict[str, Any]) -> SandboxResponse:
    name = request.params["secret_name"]
    stored = _stored(state, name)
    body = check_body(request.json_body(), (), ("secretValue", "description"))
    _check_description(body)

    if "secretValue" in body:
        stored["value"] = body["secretValue"]
    if "description" in body:
        stored["description"] = body["description"]
    stored["updatedAt"] = request.clock.stamp(stored["updatedAt"])
    return json_response(200, {"ok": True, "secret": metadata(name, stored)})


def delete_secret(request: Request, state: dict[str, Any]) -> SandboxResponse:
    name = request.params["secret_name"]
    _stored(state, name)
    del state["secrets"][name]
    return empty_response(204)


def _stored(state: dict[str, Any], name: str) -> dict[str, Any]:
    stored = state["secrets"].get(name)
    if stored is None:
        raise generic_error(404, "not_found", f"Secret '{name}' was not found")
    return stored


def _check_description(body: dict[str, Any]) -> None:
    if len(body.get("description") or "") > MAX_DESCRIPTION:
        raise invalid_request(
            f"body/description must NOT have more than {MAX_DESCRIPTION} characters"
        )
