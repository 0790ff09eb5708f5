"""Each sandbox fault against real plan/apply over loopback: converged, or untouched."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from llmconf.sandbox import (
    MEMBER_CLIENT_ID,
    MEMBER_CLIENT_SECRET,
    Faults,
    simulate_second_writer,
)
from tests.e2e.conftest import EXAMPLES
from tests.reliability.conftest import (
    TOTALS,
    check_writes,
    expected_writes,
    org_snapshot,
)

ALL = next(p for p in EXAMPLES if p.stem == "all-providers")

# Applied over ALL: two updates (one disables), a delete, the defaults move, and
# three providers left unmanaged.
CHANGED = """\
version: 1
defaults:
  provider: anthropic
  model: claude-haiku-4-5-20251001
providers:
  anthropic:
    config:
      apiKeySecretName: anthropic-api-key
    models: [claude-haiku-4-5-20251001]
  openai:
    enabled: false
    config:
      apiKeySecretName: openai-api-key
  azure-openai:
    absent: true
"""


@pytest.fixture
def changed(tmp_path) -> Path:
    path = tmp_path / "changed.yaml"
    path.write_text(CHANGED)
    return path


def planned(served, config: Path) -> Counter:
    result = served.cli.run("plan", "--format", "json", "-c", str(config))
    assert result.code == 0, result.text
    return expected_writes(json.loads(result.out))


def converge(served, config: Path) -> None:
    """Apply ``config`` and check it landed once per action and plans empty."""
    expected = planned(served, config)
    served.log.clear()

    applied = served.cli.run("apply", "--auto-approve", "-c", str(config))
    wrong = check_writes(served.log, expected)
    again = served.cli.run("plan", "--detailed-exitcode", "-c", str(config))

    TOTALS.scenarios += 1
    assert applied.code == 0, applied.text
    assert "Apply complete!" in applied.out
    assert wrong == 0, served.log.committed()
    assert again.code == 0, again.text
    assert "No changes" in again.out


def refused(served, before: dict, *args: str) -> str:
    """Run a command that must fail, write nothing and leave the org as it was."""
    served.log.clear()
    result = served.cli.run(*args)
    wrong = check_writes(served.log, Counter())

    TOTALS.scenarios += 1
    assert result.code == 1, result.text
    assert wrong == 0, served.log.committed()
    assert org_snapshot(served.state) == before
    return result.err


@pytest.mark.parametrize(
    "faults",
    [
        Faults(latency_ms=20),
        Faults(throttle=5),
        Faults(flaky=3),
        Faults(drop_after_write=True),
        Faults(throttle=2, flaky=3),
    ],
    ids=["latency", "throttle", "flaky", "drop-after-write", "throttle+flaky"],
)
def test_all_providers_converge_under_fault(sandbox, faults):
    with sandbox(faults) as served:
        converge(served, ALL)


@pytest.mark.parametrize(
    "faults",
    [Faults(drop_after_write=True), Faults(flaky=3)],
    ids=["drop-after-write", "flaky"],
)
def test_updates_deletes_and_defaults_converge_under_fault(sandbox, changed, faults):
    with sandbox() as served:
        converge(served, ALL)
        served.faults.drop_after_write = faults.drop_after_write
        served.faults.flaky = faults.flaky
        converge(served, changed)


def test_second_writer_during_apply_stops_it(sandbox, changed):
    with sandbox() as served:
        converge(served, ALL)

        def rival(exchange) -> None:
            if exchange.method == "GET" and exchange.path.endswith("/anthropic"):
                served.hooks.clear()
                simulate_second_writer(served.state, "anthropic", {"enabled": False})

        served.hooks.append(rival)
        served.log.clear()
        result = served.cli.run("apply", "--auto-approve", "-c", str(changed))
        wrong = check_writes(served.log, Counter())
        TOTALS.scenarios += 1

        assert result.code == 1, result.text
        assert "anthropic changed since the plan was made" in result.text
        assert "not attempted" in result.text
        assert wrong == 0
        assert org_snapshot(served.state)["providers"]["anthropic"]["enabled"] is False
        converge(served, changed)


@pytest.mark.parametrize(
    ("provider", "changes"),
    [("openai", None), ("bedrock", {"enabled": False})],
    ids=["same-content-rewrite", "content-change"],
)
def test_stale_saved_plan_is_refused(sandbox, changed, tmp_path, provider, changes):
    plan_file = tmp_path / "plan.json"
    with sandbox() as served:
        converge(served, ALL)
        saved = served.cli.run("plan", "--out", str(plan_file), "-c", str(changed))
        assert saved.code == 0, saved.text
        simulate_second_writer(served.state, provider, changes)
        before = org_snapshot(served.state)

        err = refused(served, before, "apply", str(plan_file))

    assert "stale" in err


def test_saved_plan_for_another_org_is_refused(sandbox, changed, tmp_path):
    plan_file = tmp_path / "plan.json"
    with sandbox() as served:
        converge(served, ALL)
        served.cli.run("plan", "--out", str(plan_file), "-c", str(changed))
        state = json.loads(served.state.read_text())
        state["organization"]["id"] = "org_someone_else"
        served.state.write_text(json.dumps(state))
        before = org_snapshot(served.state)

        err = refused(served, before, "apply", str(plan_file))

    assert json.loads(plan_file.read_text())["target"]["org"] == "org_llmconf_sandbox"
    assert "org_someone_else" in err and "another org" in err


def test_member_token_writes_nothing(sandbox, monkeypatch):
    with sandbox() as served:
        served.cli.run("plan", "-c", str(ALL))
        before = org_snapshot(served.state)
        monkeypatch.setenv("PORT_CLIENT_ID", MEMBER_CLIENT_ID)
        monkeypatch.setenv("PORT_CLIENT_SECRET", MEMBER_CLIENT_SECRET)

        err = refused(served, before, "apply", "--auto-approve", "-c", str(ALL))

    assert "admin" in err and "nothing was written" in err


def test_unmanaged_providers_survive_apply_without_prune(sandbox):
    quickstart = next(p for p in EXAMPLES if p.stem == "quickstart")
    with sandbox() as served:
        converge(served, ALL)
        converge(served, quickstart)
        plan = served.cli.run("plan", "-c", str(quickstart))

    kept = set(org_snapshot(served.state)["providers"])
    assert kept >= {"openai", "azure-openai", "bedrock", "openai-compatible"}
    assert "Unmanaged providers" in plan.out
