"""The Markdown plan: PR-comment markers, summary first, masking and the size cap."""

from __future__ import annotations

import re

import pytest

from llmconf.plan import ABSENT, Action, Change, Plan
from llmconf.render.markdown import (
    MARKER,
    MAX_CHARS,
    render_markdown,
    render_markdown_orgs,
)

GITHUB_LIMIT = 65_536


def small_plan(**extra) -> Plan:
    actions = [
        Action(
            "create",
            "openai",
            (
                Change("config.apiKeySecretName", ABSENT, "openai-api-key"),
                Change("config.customHeaders", ABSENT, {"X-Key": "hdr-value-1"}, True),
            ),
        ),
        Action("set_defaults", "openai", (Change("provider", "port", "openai"),)),
    ]
    return Plan(actions=actions, config_path="orgs/dev.yaml", **extra)


def big_plan(providers: int = 400, changes: int = 30) -> Plan:
    actions = [
        Action(
            "update",
            f"provider-{index}",
            tuple(
                Change(f"models.model-{index}-{n}", True, False) for n in range(changes)
            ),
        )
        for index in range(providers)
    ]
    return Plan(actions=actions, config_path="big.yaml", unmanaged=["vertex-gemini"])


def test_markers_open_the_body():
    lines = render_markdown(small_plan()).splitlines()

    assert lines[0] == MARKER
    assert lines[1] == "<!-- llmconf-plan: orgs/dev.yaml -->"


def test_summary_comes_before_any_action():
    body = render_markdown(small_plan())

    summary = body.index(
        "Plan: 1 to create, 0 to update, 0 to delete, defaults change."
    )
    assert summary < body.index("<details>")


def test_one_collapsible_section_per_action():
    body = render_markdown(small_plan())

    assert body.count("<details>") == 2
    assert body.count("</details>") == 2
    assert "<summary><code>+ create provider openai</code></summary>" in body
    assert "<summary><code>~ set defaults</code></summary>" in body


def test_sensitive_values_are_masked():
    body = render_markdown(small_plan())

    assert "hdr-value-1" not in body
    assert "<code>(sensitive)</code>" in body


def test_pipes_in_values_do_not_break_the_table():
    plan = Plan(
        actions=[Action("update", "openai", (Change("config.x", "a|b", "c"),))],
        config_path="a.yaml",
    )

    row = next(
        line for line in render_markdown(plan).splitlines() if "config.x" in line
    )

    assert row.count("|") == 4
    assert "a&#124;b" in row


def test_warnings_and_blockers_are_shown():
    body = render_markdown(small_plan(warnings=["partial"], blockers=["too many"]))

    assert "**Warning:** partial" in body
    assert "**Refused:** too many" in body


def test_empty_plan_says_no_changes():
    body = render_markdown(Plan(actions=[], config_path="a.yaml"))

    assert "**No changes. Port matches the file.**" in body
    assert "<details>" not in body


def test_many_changes_stay_under_githubs_limit_with_the_marker():
    body = render_markdown(big_plan())

    assert len(body) <= MAX_CHARS < GITHUB_LIMIT
    assert body.startswith(MARKER + "\n")
    assert "Plan: 0 to create, 400 to update" in body
    assert "_Truncated: " in body


@pytest.mark.parametrize("limit", [1_500, 5_000, 20_000, MAX_CHARS])
def test_truncation_keeps_every_block_whole(limit):
    body = render_markdown(big_plan(), limit=limit)

    assert len(body) <= limit
    assert body.count("<details>") == body.count("</details>")
    # Every table that starts is finished: the last table row is followed by the
    # close of its block.
    for block in re.findall(r"<details>.*?</details>", body, flags=re.S):
        assert block.rstrip().endswith("|\n\n</details>")
    assert body.rstrip().endswith("for the full plan._")


def test_a_plan_that_fits_is_not_truncated():
    assert "_Truncated" not in render_markdown(small_plan())


def test_several_orgs_get_a_total_and_one_section_each():
    entries = [
        ("dev.yaml", small_plan()),
        ("staging.yaml", Plan(actions=[], config_path="staging.yaml")),
        ("prod.yaml", "error: Port said 401 unauthorized"),
    ]

    body = render_markdown_orgs(entries)

    assert (
        body.splitlines()[1] == "<!-- llmconf-plan: dev.yaml,staging.yaml,prod.yaml -->"
    )
    assert "**1 with changes, 1 without changes, 1 failed.**" in body
    assert body.index("dev.yaml</code>") < body.index("prod.yaml</code>")
    assert "**Failed:** error: Port said 401 unauthorized" in body


def test_marker_cannot_be_closed_by_a_path():
    body = render_markdown(Plan(actions=[], config_path="a-->b.yaml"))

    assert body.splitlines()[1] == "<!-- llmconf-plan: a-b.yaml -->"
