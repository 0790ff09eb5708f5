"""Start-up stays cheap: commands load only what they use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_validate_loads_neither_the_http_client_nor_the_planner() -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "quickstart.yaml"
    code = (
        f"EXAMPLE = {str(example)!r};"
        "import sys, llmconf.cli as c; c.run(['validate', '-c', EXAMPLE]);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('httpx', 'deepdiff', 'boto3', 'botocore') or m == 'llmconf.planner'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert done.stdout.strip().splitlines()[-1] == "[]"
