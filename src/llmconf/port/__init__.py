"""The Port API boundary: the HTTP client, credentials, retries and error mapping."""

from llmconf.port.auth import Credentials, credentials_from_env
from llmconf.port.client import PortClient
from llmconf.port.errors import error_from_response
from llmconf.port.live import parse_provider
from llmconf.port.retry import RetryPolicy
from llmconf.port.urls import DEFAULT_BASE_URL, resolve_base_url

__all__ = [
    "DEFAULT_BASE_URL",
    "Credentials",
    "PortClient",
    "RetryPolicy",
    "credentials_from_env",
    "error_from_response",
    "parse_provider",
    "resolve_base_url",
]
