"""The route table and the dispatch of a request: match, authenticate, authorize."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llmconf.sandbox import auth, defaults, org_secrets, providers
from llmconf.sandbox.request import Request
from llmconf.sandbox.responses import SandboxResponse, generic_error, manage_forbidden

Handler = Callable[[Request, dict[str, Any]], SandboxResponse]

# Who may call a route: anyone (the token route), members too, or admins only.
PUBLIC, MEMBER, ADMIN = "public", "member", "admin"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str
    handler: Handler
    access: str = ADMIN

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.pattern.strip("/").split("/"))

    @property
    def is_fixed(self) -> bool:
        return not any(s.startswith("{") for s in self.segments)

    def match(self, parts: tuple[str, ...]) -> dict[str, str] | None:
        """Return the path parameters if ``parts`` fits this pattern, else None."""
        if len(parts) != len(self.segments):
            return None
        params = {}
        for pattern, part in zip(self.segments, parts, strict=True):
            if pattern.startswith("{"):
                params[pattern.strip("{}")] = part
            elif pattern != part:
                return None
        return params

    @property
    def is_write(self) -> bool:
        return self.method != "GET" and self.access != PUBLIC


ROUTES = (
    Route("POST", "/v1/auth/access_token", auth.issue_token, PUBLIC),
    Route("GET", "/v1/llm-providers", providers.list_providers, MEMBER),
    Route("POST", "/v1/llm-providers", providers.create_provider),
    Route("GET", "/v1/llm-providers/defaults", defaults.get_defaults, MEMBER),
    Route("PUT", "/v1/llm-providers/defaults", defaults.put_defaults),
    Route("GET", "/v1/llm-providers/{provider}", providers.get_provider),
    Route("PUT", "/v1/llm-providers/{provider}", providers.update_provider),
    Route("DELETE", "/v1/llm-providers/{provider}", providers.delete_provider),
    Route("GET", "/v1/organization/secrets", org_secrets.list_secrets),
    Route("POST", "/v1/organization/secrets", org_secrets.create_secret),
    Route("GET", "/v1/organization/secrets/{secret_name}", org_secrets.get_secret),
    Route("PATCH", "/v1/organization/secrets/{secret_name}", org_secrets.update_secret),
    Route(
        "DELETE", "/v1/organization/secrets/{secret_name}", org_secrets.delete_secret
    ),
)


def find_route(method: str, path: str) -> tuple[Route, dict[str, str]]:
    """Return the route for ``method`` and ``path`` and its parameters.

    A fixed path wins over a parameter, so ``/v1/llm-providers/defaults`` is never
    read as a provider called "defaults", whatever the method. Raises ApiError (404).
    """
    parts = tuple(path.strip("/").split("/"))
    matches = [(r, p) for r in ROUTES if (p := r.match(parts)) is not None]
    fixed = [(r, p) for r, p in matches if r.is_fixed]
    for route, params in fixed or matches:
        if route.method == method:
            return route, params
    raise generic_error(404, "not_found", f"Route {method}:{path} not found")


def dispatch(route: Route, request: Request, state: dict[str, Any]) -> SandboxResponse:
    """Run ``route`` for ``request`` after the token and permission checks."""
    if route.access != PUBLIC:
        user = auth.authenticate(request, state)
        if route.access == ADMIN and user.get("role") != "admin":
            raise _forbidden(route)
    return route.handler(request, state)


def _forbidden(route: Route) -> Exception:
    if route.pattern.startswith("/v1/llm-providers"):
        return manage_forbidden()
    message = "You do not have permission to manage organization secrets"
    return generic_error(403, "forbidden", message)
