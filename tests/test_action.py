"""The GitHub Action's scripts, read statically: file lists, comment lookup, outputs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.e2e.conftest import ROOT


def steps() -> dict[str, dict]:
    spec = yaml.safe_load((ROOT / "action.yml").read_text())
    return {step.get("name", step.get("uses")): step for step in spec["runs"]["steps"]}


def script(name: str) -> str:
    return steps()[name]["run"]


@pytest.mark.parametrize("name", [n for n, s in steps().items() if "run" in s])
def test_every_script_is_valid_bash(name):
    bash = shutil.which("bash")
    assert bash is not None

    checked = subprocess.run(
        [bash, "-n"], input=script(name), text=True, capture_output=True, check=False
    )

    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("name", ["Plan", "Apply"])
def test_config_paths_are_read_one_per_line(name):
    text = script(name)

    assert not re.search(r"for \w+ in \$CONFIG", text)
    assert 'done <<< "$CONFIG"' in text
    assert "IFS= read -r path" in text


def test_config_input_says_one_path_per_line():
    spec = yaml.safe_load((ROOT / "action.yml").read_text())

    assert "one per line" in spec["inputs"]["config"]["description"]


def test_apply_takes_both_suffixes_and_refuses_entries_that_are_not_files():
    text = script("Apply")

    assert '"$path"/*.yaml)' not in text
    assert "*.yaml | *.yml) found+=" in text
    assert 'if [ ! -f "$file" ]; then fail' in text
    # Every file is checked before the first apply runs.
    assert text.index("fail ") < text.index("llmconf apply")


def test_comment_lookup_takes_only_the_tokens_own_comment():
    text = script("Post or update the pull-request comment")

    assert 'author="$(gh api user --jq .login' in text
    assert 'author="github-actions[bot]"' in text
    assert '--arg a "$author"' in text
    assert "select(.user.login == $a and (.body | contains($m)))" in text


def test_apply_sets_the_exitcode_output():
    spec = yaml.safe_load((ROOT / "action.yml").read_text())
    apply = steps()["Apply"]

    assert apply["id"] == "apply"
    assert "steps.apply.outputs.exitcode" in spec["outputs"]["exitcode"]["value"]
    assert 'echo "exitcode=$code" >> "$GITHUB_OUTPUT"' in apply["run"]
    assert 'echo "exitcode=0" >> "$GITHUB_OUTPUT"' in apply["run"]


@pytest.mark.parametrize("name", ["orgs/dev.yml", "orgs/dev.yaml", "llmconf.yml"])
def test_pre_commit_hook_matches_what_a_directory_holds(name):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())

    assert re.search(hook["files"], name)
