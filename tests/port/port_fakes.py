"""A small in-memory Port for httpx.MockTransport, and a fake clock for retries."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from typing import Any

import httpx

from llmconf.catalog import catalog_for

CLIENT_ID = "client-id-1"
CLIENT_SECRET = "cs-client-secret-value-42"
TOKEN = "tok-issued-bearer-token-777"
# Loopback and a closed port: nothing would answer if a request escaped the mock.
BASE_URL = "http://127.0.0.1:9"
START = 1_700_000_000.0

DROP_AFTER_COMMIT = "drop-after-commit"

NOT_FOUND = {
    "ok": False,
    "error": {
        "name": "LLMProviderNotFoundError",
        "message": "LLM provider 'openai' not found for organization",
    },
}
FORBIDDEN = {
    "name": "llm_provider_manage_forbidden",
    "message": "You do not have permission to manage LLM providers",
}


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = START
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class FakePort:
    """Routes a few Port endpoints; ``script`` queues faults per (method, path)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.providers: dict[str, dict[str, Any]] = {}
        self.defaults: dict[str, Any] = {
            "provider": "port",
            "model": "claude-sonnet-4-5-20250929",
        }
        self.secrets: set[str] = set()
        self.token = TOKEN
        self.expires_in = 10800
        self.member = False
        self.barrier: threading.Barrier | None = None
        self.extra_headers: dict[str, str] = {}
        self._script: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self._lock = threading.Lock()

    def script(self, method: str, path: str, *steps: Any) -> None:
        """Queue answers (Response), raised errors, or DROP_AFTER_COMMIT for a route."""
        self._script[(method, path)].extend(steps)

    def count(self, method: str, path: str | None = None) -> int:
        return sum(
            1
            for r in self.requests
            if r.method == method and (path is None or r.url.path == path)
        )

    def add_provider(self, kind: str, **fields: Any) -> dict[str, Any]:
        entry = provider_object(kind, fields.pop("config", {}), **fields)
        self.providers[kind] = entry
        return entry

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            steps = self._script.get((request.method, request.url.path))
            step = steps.pop(0) if steps else None

        if isinstance(step, httpx.Response):
            return step
        if isinstance(step, BaseException):
            raise step
        response = self._route(request)
        response.headers.update(self.extra_headers)
        if step == DROP_AFTER_COMMIT:
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    def _route(self, request: httpx.Request) -> httpx.Response:
        path, method = request.url.path, request.method
        if path == "/v1/auth/access_token":
            return self._issue_token(request)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return answer(401, {"ok": False, "error": "unauthorized"})
        if path == "/v1/llm-providers":
            return self._collection(request)
        if path == "/v1/llm-providers/defaults":
            return self._defaults(request)
        if path.startswith("/v1/llm-providers/"):
            return self._one(method, path.rsplit("/", 1)[1], request)
        if path.startswith("/v1/organization/secrets/"):
            name = path.rsplit("/", 1)[1]
            if name in self.secrets:
                return answer(200, {"ok": True, "secret": {"secretName": name}})
            return answer(404, {"ok": False, "error": "not_found", "message": "no"})
        return answer(404, {"ok": False, "error": "route_not_found"})

    def _issue_token(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body != {"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET}:
            return answer(401, {"ok": False, "error": "bad", "message": "Bad creds"})
        return answer(
            200,
            {
                "ok": True,
                "accessToken": self.token,
                "expiresIn": self.expires_in,
                "tokenType": "Bearer",
            },
        )

    def _collection(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            if self.barrier is not None:
                self.barrier.wait()
            return answer(200, {"ok": True, "result": list(self.providers.values())})
        if self.member:
            return answer(403, FORBIDDEN)
        body = json.loads(request.content)
        entry = self.add_provider(
            body["provider"],
            config=body["config"],
            enabled=body.get("enabled", True),
            overrides=body.get("overrides"),
        )
        return answer(201, {"ok": True, "result": entry})

    def _defaults(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            if self.member:
                return answer(403, FORBIDDEN)
            self.defaults = {**json.loads(request.content), "updatedAt": "2026-01-02"}
        elif self.barrier is not None:
            self.barrier.wait()
        return answer(200, {"ok": True, "result": self.defaults})

    def _one(self, method: str, kind: str, request: httpx.Request) -> httpx.Response:
        if self.member:
            return answer(403, FORBIDDEN)
        if kind not in self.providers and kind != "port":
            return answer(404, NOT_FOUND)
        if method == "DELETE":
            del self.providers[kind]
            return httpx.Response(204)
        if method == "PUT":
            body = json.loads(request.content)
            old = self.providers[kind]
            merged = {k: body.get(k, old.get(k)) for k in ("config", "overrides")}
            self.add_provider(kind, enabled=body.get("enabled", True), **merged)
        entry = self.providers.get(kind) or provider_object("port", {})
        return answer(200, {"ok": True, "result": entry})


def provider_object(
    kind: str,
    config: dict[str, Any],
    *,
    enabled: bool = True,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return a provider object the way Port's GET answers it."""
    models = (overrides or {}).get("models", {})
    effective = {
        model: {"enabled": models.get(model, {}).get("enabled", True)}
        for model in catalog_for(kind, config)
    }
    entry = {
        "provider": kind,
        "enabled": enabled,
        "config": config,
        "effectiveModels": effective,
        "createdAt": "2026-01-01T00:00:00Z",
        "updatedAt": "2026-01-01T00:00:00Z",
        "updatedBy": "someone",
    }
    if overrides:
        entry["overrides"] = overrides
    return entry


def answer(
    status: int, body: Any = None, headers: dict[str, str] | None = None
) -> httpx.Response:
    """Return a JSON response (no body when ``body`` is None)."""
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)
