"""Benchmark: start-up, plan time and memory of llmconf, as ratios to baselines.

Run with ``python bench/plan_speed.py``. Every figure is measured in this run, next to
a baseline measured the same way, so the ratios hold across machines:

- start-up: ``llmconf --version`` against a bare ``python -c pass``;
- plan: ``llmconf --sandbox S plan`` of the all-providers example against the same
  process only reading live state (token, provider list, defaults) from the sandbox;
- memory: peak RSS of a plan against peak RSS of ``python -c "import httpx"``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "all-providers.yaml"
RUNS = 7

READ_ONLY = """
import sys
from pathlib import Path
from llmconf.port import Credentials, PortClient
from llmconf.sandbox import Sandbox, SandboxTransport
client = PortClient(
    "https://sandbox.invalid",
    Credentials("sandbox-admin", "sandbox-admin-secret"),
    transport=SandboxTransport(Sandbox(Path(sys.argv[1]))),
)
client.read_live()
"""

# Runs the rest of argv as ``python -m MODULE ARGS`` (or imports it with
# ``import:NAME``) and prints the process's peak RSS on stderr last.
PEAK_RSS = """
import resource, runpy, sys
target, sys.argv = sys.argv[1], sys.argv[1:]
if target.startswith("import:"):
    __import__(target.split(":", 1)[1])
else:
    try:
        runpy.run_module(target, run_name="__main__")
    except SystemExit:
        pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def median_seconds(argv: list[str]) -> float:
    """Return the median wall time of running ``argv`` RUNS times."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_kib(argv: list[str]) -> int:
    """Return the peak resident memory (KiB) of one run of ``argv``."""
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        state = str(Path(scratch) / "sandbox.json")
        plan = [python, "-m", "llmconf", "--sandbox", state, "-q", "plan", "-c"]
        plan.append(str(EXAMPLE))
        subprocess.run(plan, check=True, capture_output=True)

        bare = median_seconds([python, "-c", "pass"])
        version = median_seconds([python, "-m", "llmconf", "--version"])
        read = median_seconds([python, "-c", READ_ONLY, state])
        planned = median_seconds(plan)
        memory_base = peak_kib([python, "-c", PEAK_RSS, "import:httpx"])
        memory_plan = peak_kib([python, "-c", PEAK_RSS, "llmconf", *plan[3:]])

    print(
        f"start-up   llmconf --version {version * 1000:7.1f} ms   "
        f"bare python {bare * 1000:7.1f} ms   ratio {version / bare:5.2f}"
    )
    print(
        f"plan       full plan         {planned * 1000:7.1f} ms   "
        f"read only   {read * 1000:7.1f} ms   ratio {planned / read:5.2f}"
    )
    print(
        f"memory     plan peak RSS     {memory_plan / 1024:7.1f} MiB  "
        f"httpx alone {memory_base / 1024:7.1f} MiB  ratio "
        f"{memory_plan / memory_base:5.2f}"
    )


if __name__ == "__main__":
    main()
