"""The JSON Schemas shipped inside the package, found and parsed in one place."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

CONFIG = "llmconf.schema.json"
PLAN = "plan.schema.json"
SANDBOX_STATE = "sandbox-state.schema.json"


def schema_file(name: str) -> Traversable:
    """Return the packaged schema file ``name`` (it ships with ``pip install .``)."""
    return resources.files("llmconf").joinpath("schemas", name)


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed packaged schema ``name``, read once per process."""
    return json.loads(schema_file(name).read_text(encoding="utf-8"))
