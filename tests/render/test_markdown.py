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
    assert "_Truncated to stay under GitHub's comment limit." in body
    assert "Left out: <code>~ update provider provider-399</code>" not in body
    assert re.search(r"Left out: <code>~ update provider provider-\d+</code>", body)


def assert_well_formed(body: str, limit: int) -> None:
    assert len(body) <= limit
    assert body.count("<details>") == body.count("</details>")
    for block in re.findall(r"<details>.*?</details>", body, flags=re.S):
        assert "<details>" not in block[1:]
    # Every table line has its three cells: no row is cut.
    for line in body.splitlines():
        if line.startswith("|"):
            assert line.count("|") == 4 and line.endswith("|"), line


@pytest.mark.parametrize("limit", [1_500, 5_000, 20_000, MAX_CHARS])
@pytest.mark.parametrize("shape", [(400, 30), (3, 2_000), (1, 40_000)])
def test_truncation_keeps_blocks_and_tables_whole(limit, shape):
    body = render_markdown(big_plan(*shape), limit=limit)

    assert_well_formed(body, limit)
    assert body.rstrip().endswith("for the full plan._")


def huge_block_plan(position: int, providers: int = 9) -> Plan:
    """``providers`` small creates, the one at ``position`` with 400 long models."""
    actions = []
    for index in range(providers):
        count = 400 if index == position else 2
        changes = tuple(
            Change(f"config.models[model-{n}].displayName", ABSENT, "D" * 200)
            for n in range(count)
        )
        actions.append(Action("create", f"provider-{index}", changes))
    actions.append(
        Action("set_defaults", "provider-0", (Change("provider", "port", "x"),))
    )
    return Plan(actions=actions, config_path="big.yaml")


@pytest.mark.parametrize("position", [0, 1, 8])
def test_an_oversized_block_is_shortened_and_the_others_kept(position):
    body = render_markdown(huge_block_plan(position))

    assert_well_formed(body, MAX_CHARS)
    assert body.count("<details>") == 10
    for index in range(9):
        assert f"<code>+ create provider provider-{index}</code>" in body
    assert "<summary><code>~ set defaults</code></summary>" in body
    huge = body.split(f"provider-{position}</code></summary>", 1)[1]
    huge = huge.split("</details>", 1)[0]
    kept = huge.count("| <code>config.models[")
    assert 0 < kept < 400
    assert (
        f"_... and {400 - kept} more changes; see the full plan in the job log or "
        "`llmconf plan --format json`._"
    ) in huge
    assert f"Shortened: <code>+ create provider provider-{position}</code>." in body
    assert "Left out" not in body


def test_blocks_left_out_are_named_in_order():
    body = render_markdown(big_plan(20, 30), limit=8_000)

    assert_well_formed(body, 8_000)
    note = body.rsplit("_Truncated", 1)[1]
    named = re.findall(r"provider-(\d+)</code>", note)
    assert named == sorted(named, key=int)
    assert "Left out: " in note


def test_an_org_without_its_heading_loses_its_other_blocks_too():
    entries = [
        ("a.yaml", small_plan()),
        ("b" * 70_000 + ".yaml", small_plan()),
        ("c.yaml", small_plan()),
    ]

    body = render_markdown_orgs(entries, key=["orgs"])

    assert_well_formed(body, MAX_CHARS)
    assert "b" * 100 not in body
    assert body.count("<details>") == 4
    assert body.index("a.yaml</code>") < body.index("c.yaml</code>")


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
