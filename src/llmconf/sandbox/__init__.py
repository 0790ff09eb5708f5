"""The Port API emulator ("sandbox"): Port's routes, bodies, errors and permissions.

Use it in-process through :class:`SandboxTransport` or over loopback HTTP through
:func:`make_server` / :func:`serve`; both answer from one :class:`Sandbox` state file.
"""

from llmconf.sandbox.auth import TOKEN_LIFETIME
from llmconf.sandbox.core import MAX_BODY_BYTES, SANDBOX_HEADER, Exchange, Sandbox
from llmconf.sandbox.faults import (
    FAULTS_ENV,
    DropConnection,
    Faults,
    simulate_second_writer,
)
from llmconf.sandbox.responses import SandboxResponse
from llmconf.sandbox.seed import (
    ADMIN_CLIENT_ID,
    ADMIN_CLIENT_SECRET,
    BEDROCK_DENIED_MESSAGE,
    BEDROCK_ROLE_MODELS,
    LITELLM_BASE_URL,
    LITELLM_MODEL,
    MEMBER_CLIENT_ID,
    MEMBER_CLIENT_SECRET,
    ORG_ID,
    SECOND_WRITER_ID,
    SEED_SECRET_NAMES,
)
from llmconf.sandbox.server import SandboxServer, make_server, serve
from llmconf.sandbox.transport import SandboxTransport

__all__ = [
    "ADMIN_CLIENT_ID",
    "ADMIN_CLIENT_SECRET",
    "BEDROCK_DENIED_MESSAGE",
    "BEDROCK_ROLE_MODELS",
    "FAULTS_ENV",
    "LITELLM_BASE_URL",
    "LITELLM_MODEL",
    "MAX_BODY_BYTES",
    "MEMBER_CLIENT_ID",
    "MEMBER_CLIENT_SECRET",
    "ORG_ID",
    "SANDBOX_HEADER",
    "SECOND_WRITER_ID",
    "SEED_SECRET_NAMES",
    "TOKEN_LIFETIME",
    "DropConnection",
    "Exchange",
    "Faults",
    "Sandbox",
    "SandboxResponse",
    "SandboxServer",
    "SandboxTransport",
    "make_server",
    "serve",
    "simulate_second_writer",
]
