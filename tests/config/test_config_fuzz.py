"""Hostile or random input only ever ends in a ConfigError, never anything else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llmconf.config import check_desired, load_bytes
from llmconf.errors import ConfigError

SOURCE = Path("fuzz.yaml")
PIECES = [
    "version: 1\n",
    "providers:\n",
    "  openai:\n",
    "    config:\n",
    "      apiKeySecretName: ",
    "  bedrock: {config: {roleArn: x, region: eu-west-1}}\n",
    "defaults: {provider: openai, model: gpt-5}\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "[",
    "]",
    "{",
    "}",
    "- ",
    ": ",
    "\t",
    "${X}",
    "$${",
    '"',
    "'",
    "!!binary ",
    "!tag ",
    "? ",
    "---\n",
    "no",
    "0x1F",
    "2024-01-01",
    "\n",
    "    ",
    "sk-ant-aaaaaaaaaaaaaaaa",
]


def load_or_problems(raw: bytes) -> None:
    """Load ``raw``; a ConfigError with problems is the only allowed failure."""
    try:
        desired = load_bytes(raw, SOURCE, environ={"X": "y"})
    except ConfigError as error:
        assert error.problems
        assert all(p.file == "fuzz.yaml" and p.line >= 1 for p in error.problems)
        # The loader's last-resort net hides bugs; fuzzing must never reach it.
        assert not any("internal error" in p.message for p in error.problems)
        return
    check_desired(desired)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_else(raw: bytes) -> None:
    load_or_problems(raw)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_random_yaml_like_text_never_raises_anything_else(pieces: list[str]) -> None:
    load_or_problems("".join(pieces).encode())


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_unicode_never_raises_anything_else(text: str) -> None:
    load_or_problems(("version: 1\nproviders:\n  " + text).encode("utf-8", "replace"))
