"""Every example plans, applies and plans empty against the sandbox, both ways."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import EXAMPLES


def assert_no_secret(org, *texts: str) -> None:
    for secret in org.secrets():
        for text in texts:
            assert secret not in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_round_trip(org, example):
    validate = org.run("validate", "-c", str(example))
    first = org.run("plan", "--detailed-exitcode", "-c", str(example))
    applied = org.run("apply", "--auto-approve", "-c", str(example))
    second = org.run("plan", "--detailed-exitcode", "-c", str(example))

    assert validate.code == 0, validate.text
    assert first.code == 2, first.text
    assert "Plan: " in first.out
    assert applied.code == 0, applied.text
    assert "Apply complete!" in applied.out
    assert second.code == 0, second.text
    assert "No changes" in second.out
    assert_no_secret(org, first.text, applied.text, second.text)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_output_says_sandbox(in_process_org, example):
    result = in_process_org.run("plan", "-c", str(example))

    assert "SANDBOX" in result.out
    assert "sandbox" in result.err


def test_all_providers_plan_lists_each_type(org):
    example = next(p for p in EXAMPLES if p.stem == "all-providers")

    result = org.run("plan", "-c", str(example))

    for kind in (
        "openai",
        "anthropic",
        "azure-openai",
        "azure-anthropic",
        "bedrock",
        "openai-compatible",
    ):
        assert f"+ create provider {kind}\n" in result.out
    assert "Plan: 6 to create, 0 to update, 0 to delete, defaults change." in result.out
