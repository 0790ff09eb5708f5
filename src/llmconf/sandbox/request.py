"""One incoming request as the route handlers see it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from llmconf.sandbox.clock import Clock
from llmconf.sandbox.responses import invalid_request

_TRUE = ("true", "1")
_FALSE = ("false", "0", "")


@dataclass
class Request:
    """Method, decoded path, query, lower-cased headers and body, plus routing results.

    ``params`` holds the path parameters, ``caller`` the client id behind the token.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    clock: Clock
    params: dict[str, str] = field(default_factory=dict)
    caller: str | None = None

    def json_body(self) -> Any:
        """Return the decoded body; raise ApiError (422) if it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            raise invalid_request("body must be valid JSON") from None

    def flag(self, name: str) -> bool:
        """Return a boolean query flag (absent: False); raise ApiError (422) if bad."""
        value = self.query.get(name, "").strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise invalid_request(f"querystring/{name} must be boolean")


def check_body(
    body: Any, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Check a body the gateway validates: an object of string fields, no others.

    Returns ``body``; raises ApiError (422) in the gateway's wording otherwise.
    """
    if not isinstance(body, dict):
        raise invalid_request("body must be object")
    for key in required:
        if key not in body:
            raise invalid_request(f"body must have required property '{key}'")
    extra = sorted(set(body) - set(required) - set(optional))
    if extra:
        raise invalid_request(f"body must NOT have additional property '{extra[0]}'")
    for key in required + optional:
        if key in body and not isinstance(body[key], str):
            raise invalid_request(f"body/{key} must be string")
    return body
