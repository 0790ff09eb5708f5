"""Access tokens: ``POST /v1/auth/access_token`` and the bearer check of every route."""

from __future__ import annotations

import hmac
import math
from typing import Any

from llmconf.sandbox.request import Request, check_body
from llmconf.sandbox.responses import (
    SandboxResponse,
    generic_error,
    json_response,
)
from llmconf.sandbox.tokens import make_token

TOKEN_LIFETIME = 10_800


def issue_token(request: Request, state: dict[str, Any]) -> SandboxResponse:
    """Return a token for the credentials; the same one while it is still valid."""
    body = check_body(request.json_body(), ("clientId", "clientSecret"))
    client_id, client_secret = body["clientId"], body["clientSecret"]
    user = state["users"].get(client_id)
    # compare_digest takes str only when ASCII; any secret a client sends is bytes.
    sent = client_secret.encode("utf-8", "surrogatepass")
    if user is None or not hmac.compare_digest(user["secret"].encode(), sent):
        raise generic_error(401, "unauthorized", "Invalid client credentials")

    now = request.clock.now()
    org = state["organization"]["id"]
    tokens = state.setdefault("tokens", {})
    for token, grant in list(tokens.items()):
        if grant["expiresAt"] <= now or grant.get("orgId", org) != org:
            del tokens[token]
    # Port keeps one active token per set of credentials.
    token = next((t for t, g in tokens.items() if g["clientId"] == client_id), None)
    if token is None:
        token = make_token(state, client_id, now, TOKEN_LIFETIME)
        grant = {"clientId": client_id, "orgId": org}
        tokens[token] = {**grant, "expiresAt": now + TOKEN_LIFETIME}

    expires_in = math.ceil(tokens[token]["expiresAt"] - now)
    payload = {"ok": True, "accessToken": token, "expiresIn": expires_in}
    payload["tokenType"] = "Bearer"
    return json_response(200, payload)


def authenticate(request: Request, state: dict[str, Any]) -> dict[str, Any]:
    """Return the user behind the request's bearer token; raise ApiError (401)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise generic_error(401, "unauthorized", "A bearer token is required")

    grant = state.get("tokens", {}).get(token.strip())
    org = state["organization"]["id"]
    # A token belongs to one org: one issued before the org changed is refused.
    if grant is None or grant.get("orgId", org) != org:
        raise generic_error(401, "unauthorized", "The token is invalid or has expired")
    if grant["expiresAt"] <= request.clock.now():
        raise generic_error(401, "unauthorized", "The token is invalid or has expired")
    user = state["users"].get(grant["clientId"])
    if user is None:
        raise generic_error(401, "unauthorized", "The token's user no longer exists")
    request.caller = grant["clientId"]
    return user
