"""Desired state from llmconf.yaml: strict loading, schema, and cross-field checks.

The CLI calls ``load_config`` (syntax, schema, secret names, interpolation) and then
``check_desired`` (model ids, defaults, protection), with live state when it has it.
"""

from __future__ import annotations

from llmconf.config.checks import check_desired, check_offline
from llmconf.config.loader import load_bytes, load_config
from llmconf.config.models import effective_models, known_models
from llmconf.config.schema import load_schema
from llmconf.errors import Problem

__all__ = [
    "check_desired",
    "check_offline",
    "effective_models",
    "format_problems",
    "known_models",
    "load_bytes",
    "load_config",
    "load_schema",
]


def format_problems(problems: list[Problem]) -> str:
    """Return one line per problem, sorted, then a count line: '2 problems found.'"""
    lines = [str(problem) for problem in sorted(problems)]
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(f"{len(problems)} {noun} found.")
    return "\n".join(lines)
