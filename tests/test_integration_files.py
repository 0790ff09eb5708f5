"""The files editors, pre-commit and GitHub read: modelines, the hook, the action."""

from __future__ import annotations

import re

import pytest
import yaml

from llmconf.cli import run
from tests.e2e.conftest import EXAMPLES, ROOT

MODELINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_starts_with_a_schema_modeline(example):
    first = example.read_text().splitlines()[0]

    assert first.startswith(MODELINE)
    assert (example.parent / first.removeprefix(MODELINE)).resolve().is_file()


def test_pre_commit_hook_runs_validate_on_the_files_it_is_given(capsys):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    program, *args = hook["entry"].split()

    code = run([*args, *(str(p) for p in EXAMPLES)])

    assert (hook["id"], program) == ("llmconf-validate", "llmconf")
    assert code == 0
    assert capsys.readouterr().out.count(": valid (") == len(EXAMPLES)


@pytest.mark.parametrize(
    "name, matches",
    [
        ("llmconf.yaml", True),
        ("deploy/llmconf-prod.yml", True),
        ("orgs/dev.yaml", True),
        ("docker-compose.yaml", False),
    ],
)
def test_pre_commit_hook_picks_llmconf_files(name, matches):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())

    assert bool(re.search(hook["files"], name)) is matches


def action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_is_composite_with_plan_and_apply_steps():
    spec = action()
    runs = " ".join(step.get("run", "") for step in spec["runs"]["steps"])

    assert spec["runs"]["using"] == "composite"
    assert {"command", "config", "args", "github-token"} <= set(spec["inputs"])
    assert "llmconf plan --format markdown --detailed-exitcode" in runs
    assert "llmconf apply --auto-approve" in runs


def test_action_scripts_take_inputs_from_the_environment_only():
    # Expressions pasted into a script would let a crafted input run code.
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")
