"""Plan output formats through the CLI: JSON and its schema, Markdown, colour."""

from __future__ import annotations

import json
import re
import sys

import jsonschema
import pytest

from llmconf.render.markdown import MARKER
from tests.e2e.conftest import EXAMPLES, ROOT

ALL_PROVIDERS = next(p for p in EXAMPLES if p.stem == "all-providers")
QUICKSTART = next(p for p in EXAMPLES if p.stem == "quickstart")
PLAN_SCHEMA = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())
ANSI = re.compile(r"\x1b\[")


def assert_no_secret(org, text: str) -> None:
    for secret in org.secrets():
        assert secret not in text


def test_json_plan_of_all_providers_matches_the_schema(org):
    result = org.run("plan", "-c", str(ALL_PROVIDERS), "--format", "json")

    document = json.loads(result.out)
    jsonschema.validate(document, PLAN_SCHEMA)
    assert result.code == 0, result.text
    assert document["summary"]["create"] == 6
    assert_no_secret(org, result.out)


def test_json_plan_is_stable(in_process_org):
    first = in_process_org.run("plan", "-c", str(ALL_PROVIDERS), "--format", "json")
    second = in_process_org.run("plan", "-c", str(ALL_PROVIDERS), "--format", "json")

    assert first.out == second.out
    assert first.out == json.dumps(json.loads(first.out), indent=2, sort_keys=True) + (
        "\n"
    )


def test_markdown_plan_carries_the_marker_and_no_secret(org):
    result = org.run("plan", "-c", str(ALL_PROVIDERS), "--format", "markdown")

    assert result.code == 0, result.text
    assert result.out.startswith(MARKER + "\n")
    assert result.out.count("<details>") == 7
    assert "**Plan: 6 to create, 0 to update, 0 to delete, defaults change.**" in (
        result.out
    )
    assert_no_secret(org, result.out)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_plan_appends_markdown_to_the_step_summary(in_process_org, tmp_path, fmt):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    in_process_org.monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))

    result = in_process_org.run("plan", "-c", str(QUICKSTART), "--format", fmt)

    text = summary.read_text()
    assert result.code == 0, result.text
    assert text.startswith("earlier step\n" + MARKER + "\n")
    assert "<summary><code>+ create provider anthropic</code></summary>" in text


def test_no_step_summary_without_the_variable(in_process_org, tmp_path):
    result = in_process_org.run("plan", "-c", str(QUICKSTART))

    assert result.code == 0
    assert list(tmp_path.glob("*.md")) == []


@pytest.fixture
def terminal(in_process_org):
    """The org with NO_COLOR unset; ``as_terminal`` makes stdout claim a terminal."""
    in_process_org.monkeypatch.delenv("NO_COLOR", raising=False)
    return in_process_org


def as_terminal(org) -> None:
    # Patched in the test body: pytest swaps sys.stdout between setup and call.
    org.monkeypatch.setattr(sys.stdout, "isatty", lambda: True)


def test_a_terminal_gets_colour(terminal):
    as_terminal(terminal)

    result = terminal.run("plan", "-c", str(QUICKSTART))

    assert ANSI.search(result.out)


@pytest.mark.parametrize(
    "env, flags",
    [({"NO_COLOR": "1"}, []), ({}, ["--no-color"])],
    ids=["NO_COLOR", "--no-color"],
)
def test_colour_can_be_turned_off_on_a_terminal(terminal, env, flags):
    as_terminal(terminal)
    for name, value in env.items():
        terminal.monkeypatch.setenv(name, value)

    result = terminal.run(*flags, "plan", "-c", str(QUICKSTART))

    assert result.code == 0
    assert not ANSI.search(result.text)


def test_piped_output_has_no_colour(in_process_org):
    in_process_org.monkeypatch.delenv("NO_COLOR", raising=False)

    result = in_process_org.run("plan", "-c", str(QUICKSTART))

    assert not sys.stdout.isatty()
    assert "+ create provider anthropic" in result.out
    assert not ANSI.search(result.text)


def test_no_color_plan_output_has_no_ansi(org):
    org.monkeypatch.setenv("NO_COLOR", "1")

    result = org.run("plan", "-c", str(ALL_PROVIDERS))

    assert "Plan: 6 to create" in result.out
    assert not ANSI.search(result.text)


def test_target_warns_that_the_plan_is_partial(in_process_org):
    result = in_process_org.run("plan", "-c", str(ALL_PROVIDERS), "--target", "openai")

    assert "+ create provider openai" in result.out
    assert "+ create provider anthropic" not in result.out
    assert "Warning: this plan is partial" in result.out


@pytest.mark.parametrize("flag, shown", [("-q", False), ("-v", True)])
def test_verbosity_goes_to_stderr(in_process_org, flag, shown):
    result = in_process_org.run(flag, "plan", "-c", str(QUICKSTART))

    assert "Plan: 1 to create" in result.out
    assert ("INFO " in result.err) is shown
