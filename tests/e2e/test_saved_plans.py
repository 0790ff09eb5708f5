"""Saved plans apply with the choices they were made with, where they were made."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import EXAMPLES

ALL = next(p for p in EXAMPLES if p.stem == "all-providers")


def test_targeted_saved_plan_applies_with_its_targets(in_process_org, tmp_path):
    plan_file = tmp_path / "plan.json"

    made = in_process_org.run(
        "plan", "--target", "openai", "--out", str(plan_file), "-c", str(ALL)
    )
    applied = in_process_org.run("apply", str(plan_file))
    after = in_process_org.run("plan", "-c", str(ALL))

    assert made.code == 0, made.text
    assert f"llmconf --sandbox {in_process_org.state} apply {plan_file}" in made.err
    assert applied.code == 0, applied.text
    assert "Apply complete! 1 created" in applied.out
    assert "+ create provider openai\n" not in after.out
    assert "Plan: 5 to create" in after.out


def test_saved_plan_for_another_api_is_refused_before_any_request(
    in_process_org, tmp_path
):
    plan_file = tmp_path / "plan.json"
    in_process_org.run("plan", "--out", str(plan_file), "-c", str(ALL))
    in_process_org.login("someone", "their-secret")

    # A closed loopback port: any request would fail with a connection error.
    result = in_process_org.run_bare(
        "--api-url", "http://127.0.0.1:9", "apply", str(plan_file)
    )

    assert result.code == 1
    assert "refusing to apply it to another org" in result.err
    assert "connect" not in result.err


def test_unknown_target_is_a_usage_error(in_process_org):
    result = in_process_org.run("plan", "--target", "nosuch", "-c", str(ALL))

    assert result.code == 1
    assert "--target nosuch: no such provider" in result.err


def test_sandbox_and_api_url_together_are_refused(in_process_org):
    result = in_process_org.run(
        "--api-url", "http://127.0.0.1:9", "plan", "-c", str(ALL)
    )

    assert result.code == 1
    assert "pass only one" in result.err


def test_zero_timeout_is_a_usage_error(in_process_org):
    result = in_process_org.run_bare("--timeout", "0", "validate", "-c", str(ALL))

    assert result.code == 1
    assert "--timeout" in result.err


def _tamper_actions(document):
    document["actions"] = document["actions"][:1]


def _tamper_value(document):
    document["actions"][0]["changes"][0]["new"] = "other-secret-name"


def _tamper_kind(document):
    document["actions"][0]["kind"] = "delete"


def _tamper_summary(document):
    document["summary"]["create"] = 1


@pytest.mark.parametrize(
    "tamper", [_tamper_actions, _tamper_value, _tamper_kind, _tamper_summary]
)
def test_edited_plan_file_is_refused_with_zero_writes(in_process_org, tmp_path, tamper):
    plan_file = tmp_path / "plan.json"
    in_process_org.run("plan", "--out", str(plan_file), "-c", str(ALL))
    document = json.loads(plan_file.read_text())
    tamper(document)
    plan_file.write_text(json.dumps(document))
    before = in_process_org.state.read_bytes()

    result = in_process_org.run("apply", str(plan_file))

    assert result.code == 1
    assert "it was edited after plan --out" in result.err
    assert in_process_org.state.read_bytes() == before


def test_apply_refuses_several_config_files(in_process_org):
    quick = next(p for p in EXAMPLES if p.stem == "quickstart")

    result = in_process_org.run(
        "apply", "--auto-approve", "-c", str(ALL), "-c", str(quick)
    )

    assert result.code == 1
    assert "this command takes one config file" in result.err
    assert not in_process_org.state.exists()


def test_saved_sandbox_plan_names_the_state_file_from_any_directory(
    in_process_org, tmp_path, monkeypatch
):
    plan_file = tmp_path / "plan.json"
    monkeypatch.chdir(tmp_path)
    made = in_process_org.run_bare(
        "--sandbox", "sandbox.json", "plan", "--out", str(plan_file), "-c", str(ALL)
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    other = in_process_org.run_bare(
        "--sandbox", "sandbox.json", "apply", str(plan_file)
    )
    same = in_process_org.run_bare(
        "--sandbox", str(tmp_path / "sandbox.json"), "apply", str(plan_file)
    )

    assert made.code == 0, made.text
    assert other.code == 1
    assert "refusing to apply it to another org" in other.err
    assert not (elsewhere / "sandbox.json").exists()
    assert same.code == 0, same.text


def test_unknown_target_suggests_a_close_name(in_process_org):
    result = in_process_org.run("plan", "--target", "opnai", "-c", str(ALL))
    both = in_process_org.run(
        "plan", "--target", "opnai", "--target", "bedrok", "-c", str(ALL)
    )

    assert result.code == 1
    assert "did you mean openai?" in result.err
    assert "did you mean openai, bedrock?" in both.err


def test_plan_made_with_a_relative_config_applies_from_another_directory(
    in_process_org, tmp_path, monkeypatch
):
    work, other = tmp_path / "work", tmp_path / "other"
    work.mkdir()
    other.mkdir()
    (work / "llmconf.yaml").write_text(ALL.read_text())
    state = tmp_path / "sandbox.json"
    monkeypatch.chdir(work)
    made = in_process_org.run_bare(
        "--sandbox", str(state), "plan", "--out", "plan.json", "-c", "llmconf.yaml"
    )
    monkeypatch.chdir(other)

    applied = in_process_org.run_bare(
        "--sandbox", str(state), "apply", str(work / "plan.json")
    )

    assert made.code == 0, made.text
    assert applied.code == 0, applied.text
    assert "Apply complete! 6 created" in applied.out
