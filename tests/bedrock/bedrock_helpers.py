"""Providers and recording boto3 sessions shared by the Bedrock tests."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import boto3
from botocore.response import StreamingBody
from botocore.stub import Stubber

from llmconf.state import DesiredProvider

ROLE_ARN = "arn:aws:iam::123456789012:role/port-bedrock-access"
CALLER_KEY_ID = "CALLERKEYID-0001"
CALLER_SECRET = "caller-secret-value-0001"


def guide_provider(**config: Any) -> DesiredProvider:
    """Return the bedrock provider of Port's setup guide, with ``config`` merged in."""
    base = {
        "roleArn": ROLE_ARN,
        "region": "eu-central-1",
        "externalIdSecretName": "BEDROCK_ROLE_EXTERNAL_ID",
    }
    overrides = {
        "claude-haiku-4-5-20251001": True,
        "claude-sonnet-4-5-20250929": True,
        "claude-sonnet-4-20250514": False,
        "claude-opus-4-5-20251101": False,
        "claude-opus-4-6": False,
    }
    merged = {k: v for k, v in {**base, **config}.items() if v is not None}
    return DesiredProvider(type="bedrock", config=merged, overrides=overrides)


def key_provider(**config: Any) -> DesiredProvider:
    """Return a bedrock provider of the access-key form enabling haiku only."""
    base = {
        "accessKeyIdSecretName": "BEDROCK_ACCESS_KEY_ID",
        "secretAccessKeySecretName": "BEDROCK_SECRET_ACCESS_KEY",
        "region": "us-east-1",
    }
    return DesiredProvider(
        type="bedrock",
        config={**base, **config},
        only=("claude-haiku-4-5-20251001",),
    )


Reply = Callable[[Stubber], None]


def answered() -> Reply:
    """Return a stubbed InvokeModel reply carrying a short Claude answer."""
    payload = b'{"content": [{"type": "text", "text": "OK"}]}'

    def add(stubber: Stubber) -> None:
        body = StreamingBody(io.BytesIO(payload), len(payload))
        stubber.add_response(
            "invoke_model", {"body": body, "contentType": "application/json"}
        )

    return add


def failed(operation: str, code: str, message: str, status: int = 400) -> Reply:
    """Return a stubbed error reply of ``operation``."""

    def add(stubber: Stubber) -> None:
        stubber.add_client_error(
            operation,
            service_error_code=code,
            service_message=message,
            http_status_code=status,
        )

    return add


class RecordingSession:
    """A real boto3 session that records every call; named services answer stubs.

    Services without stubs go to AWS_ENDPOINT_URL, the loopback moto server.
    """

    def __init__(self, **stubs: list[Reply]) -> None:
        self._session = boto3.Session()
        self._stubs = {
            name.replace("_", "-"): replies for name, replies in stubs.items()
        }
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answers: list[dict[str, Any]] = []
        self.stubbers: list[Stubber] = []
        self.clients: list[tuple[str, dict[str, Any]]] = []

    def get_credentials(self) -> Any:
        return self._session.get_credentials()

    def client(self, service: str, **kwargs: Any) -> Any:
        self.clients.append((service, kwargs))
        client = self._session.client(service, **kwargs)
        client.meta.events.register("provide-client-params", self._record_call)
        client.meta.events.register("after-call", self._record_answer)
        replies = self._stubs.get(service)
        if replies is not None:
            stubber = Stubber(client)
            for reply in replies:
                reply(stubber)
            stubber.activate()
            self.stubbers.append(stubber)
        return client

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]

    def _record_call(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, dict(params)))

    def _record_answer(self, parsed: dict[str, Any], **_: Any) -> None:
        self.answers.append(parsed)
