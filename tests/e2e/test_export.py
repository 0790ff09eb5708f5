"""Export: the live org as a config file that validates and plans to no changes."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EXAMPLES

MODELINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_export_of_an_applied_example_plans_no_changes(org, example, tmp_path):
    exported = tmp_path / "exported.yaml"
    assert org.run("apply", "--auto-approve", "-c", str(example)).code == 0

    result = org.run("export", "-o", str(exported))
    validate = org.run("validate", "-c", str(exported))
    plan = org.run("plan", "--detailed-exitcode", "-c", str(exported))

    assert result.code == 0, result.text
    assert exported.read_text().startswith(MODELINE)
    assert validate.code == 0, validate.text
    assert plan.code == 0, plan.text
    assert "No changes. Port matches the file." in plan.out
    for secret in org.secrets():
        assert secret not in exported.read_text()


def test_export_prints_to_stdout_without_output_file(in_process_org):
    example = next(p for p in EXAMPLES if p.stem == "all-providers")
    in_process_org.run("apply", "--auto-approve", "-c", str(example))

    result = in_process_org.run("export")

    assert result.code == 0, result.text
    assert result.out.startswith(MODELINE)
    assert "  bedrock:\n" in result.out
    assert "models:\n    - claude-haiku-4-5-20251001\n" in result.out
    assert "BEDROCK_ROLE_EXTERNAL_ID" in result.out


def test_export_keeps_secret_names_and_warns_about_header_values(in_process_org):
    example = next(p for p in EXAMPLES if p.stem == "litellm-gateway")
    in_process_org.run("apply", "--auto-approve", "-c", str(example))

    result = in_process_org.run("export")

    assert "apiKeySecretName: LITELLM_API_KEY" in result.out
    assert "X-Team: platform" in result.out
    assert "warning: openai-compatible: config.customHeaders values" in result.err


def test_export_of_a_fresh_org_has_no_providers_and_no_defaults(in_process_org):
    result = in_process_org.run("export")

    assert result.code == 0, result.text
    assert "providers: {}" in result.out
    assert "defaults:" not in result.out


def test_export_refuses_to_overwrite(in_process_org, tmp_path):
    target = tmp_path / "llmconf.yaml"
    target.write_text("mine\n")

    result = in_process_org.run("export", "-o", str(target))

    assert result.code == 1
    assert "pass --force" in result.err
    assert target.read_text() == "mine\n"


def test_modeline_is_relative_to_the_output_file(in_process_org, tmp_path):
    target = tmp_path / "llmconf.yaml"

    in_process_org.run("export", "-o", str(target))

    first = target.read_text().splitlines()[0]
    ref = first.removeprefix(MODELINE)
    assert (tmp_path / ref).resolve().name == "llmconf.schema.json"
    assert (tmp_path / ref).resolve().is_file()


def test_schema_ref_option_sets_the_modeline(in_process_org):
    result = in_process_org.run("export", "--schema-ref", "llmconf.schema.json")

    assert result.out.splitlines()[0] == MODELINE + "llmconf.schema.json"
