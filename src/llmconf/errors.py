"""The error tree: every failure a user can see is one of these, with its exit code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class LlmconfError(Exception):
    """Root of every error llmconf reports on purpose; maps to exit code 1."""

    exit_code = EXIT_ERROR


@dataclass(frozen=True, order=True)
class Problem:
    """One validation finding, located in the config file."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{self.file}:{self.line}:{self.col}: {where}: {self.message}"


class ConfigError(LlmconfError):
    """The config file has one or more problems; all of them are carried."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found")


class UsageError(LlmconfError):
    """The command line or the environment asks for something impossible."""


class PortError(LlmconfError):
    """Port's API answered with an error, or could not be reached."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        name: str | None = None,
        trace_id: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.name = name
        self.trace_id = trace_id
        self.details = details or {}


class AuthError(PortError):
    """The credentials or the token were refused."""


class ForbiddenError(PortError):
    """The token may not perform the call (Port's llm_provider_manage_forbidden)."""


class NotFoundError(PortError):
    """The provider (or other object) is not configured (LLMProviderNotFoundError)."""


class InvalidConfigError(PortError):
    """Port rejected a provider config (LLMProviderInvalidConfigError)."""


class ModelNotEnabledError(PortError):
    """The model is not enabled for the provider (LLMProviderModelNotEnabledError)."""


class ModelTestError(PortError):
    """Port's connection test failed for one or more models; nothing was saved."""

    @property
    def tested_models(self) -> dict[str, dict[str, Any]]:
        tested = self.details.get("testedModels")
        return tested if isinstance(tested, dict) else {}


class RateLimitedError(PortError):
    """Port kept answering 429 after every allowed retry."""


class UnavailableError(PortError):
    """Port could not be reached, timed out, or answered 5xx after every retry."""


class PlanRefused(LlmconfError):
    """The plan breaks a safety rule (protection, default coherence, mass change)."""


class StalePlan(LlmconfError):
    """A saved plan no longer matches live state or the config file."""


class ApplyFailed(LlmconfError):
    """An apply stopped part way; the report says what was done and what was not."""

    def __init__(self, message: str, report: Any) -> None:
        super().__init__(message)
        self.report = report


class ApplyInterrupted(ApplyFailed):
    """The user interrupted an apply; the report says what is known."""

    exit_code = EXIT_INTERRUPTED


class PreflightFailed(LlmconfError):
    """A check before any write failed (a missing secret, a failed Bedrock check)."""


class ConcurrentChange(LlmconfError):
    """Another writer changed a resource between plan and write."""
