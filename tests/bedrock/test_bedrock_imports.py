"""Importing the CLI or the Bedrock helpers must not load boto3 or botocore."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PROBE = (
    "import sys, {module}\n"
    "loaded = [m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')]\n"
    "print(' '.join(loaded))"
)


@pytest.mark.parametrize(
    "module", ["llmconf.cli_bedrock", "llmconf.bedrock", "llmconf.cli"]
)
def test_import_does_not_load_boto3(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC)},
        check=True,
    )

    assert result.stdout.strip() == ""
