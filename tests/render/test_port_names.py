"""Names from Port are printed inert: escaped in Markdown, spelled out in text."""

from __future__ import annotations

import pytest

from llmconf.exporter import export_live
from llmconf.plan import ABSENT, Action, Change, Plan
from llmconf.render.grouped import group_header, render_group
from llmconf.render.markdown import render_markdown
from llmconf.render.text import render_plan
from llmconf.render.values import printable
from llmconf.state import Defaults, LiveProvider, LiveState

HTML_NAME = "x`</details><img src=x onerror=alert(1)>|``"
TERMINAL_NAME = "esc\x1b]0;pwned\x07"
CONTROL = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]


def port_named_plan(name: str) -> Plan:
    actions = [
        Action("delete", name, (Change(f"models.{name}", True, ABSENT),)),
        Action("create", "openai", (Change(f"models.{name}", ABSENT, True),)),
    ]
    return Plan(
        actions=actions,
        config_path="dev.yaml",
        unmanaged=[name],
        warnings=[f"{name}: partial"],
    )


@pytest.mark.parametrize(
    "text, shown",
    [
        (TERMINAL_NAME, "esc\\x1b]0;pwned\\x07"),
        ("line\nbreak\ttab", "line\\x0abreak\\x09tab"),
        ("c1\x9b31m", "c1\\x9b31m"),
        ("bidi\u202eevil", "bidi\\u202eevil"),
        ("plain-name é", "plain-name é"),
    ],
)
def test_printable_spells_out_control_characters(text, shown):
    assert printable(text) == shown


@pytest.mark.parametrize("name", [HTML_NAME, TERMINAL_NAME])
def test_markdown_escapes_names_from_port(name):
    body = render_markdown(port_named_plan(name))

    assert body.count("<details>") == body.count("</details>") == 2
    assert "<img" not in body
    assert "\x1b" not in body and "\x07" not in body
    unmanaged = next(line for line in body.splitlines() if "Unmanaged" in line)
    assert "`" not in unmanaged.split(":", 1)[1]
    for line in body.splitlines():
        if line.startswith("|"):
            assert line.count("|") == 4, line


def test_markdown_unmanaged_name_reads_as_code():
    body = render_markdown(port_named_plan(HTML_NAME))

    assert (
        "<code>x&#96;&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;&#124;&#96;"
        "&#96;</code>"
    ) in body


@pytest.mark.parametrize("name", [TERMINAL_NAME, "a\u202eb", "x\x9b2J"])
def test_text_plan_prints_no_control_character(name):
    text = render_plan(port_named_plan(name))

    assert not any(char in text.replace("\n", "") for char in CONTROL)
    assert f"- delete provider {printable(name)}" in text
    assert f"  {printable(name)}\n" in text


def test_grouped_header_prints_no_control_character():
    header = group_header(f"orgs/{TERMINAL_NAME}.yaml")
    group = render_group("dev.yaml", port_named_plan(TERMINAL_NAME))

    assert header == "==> orgs/esc\\x1b]0;pwned\\x07.yaml <=="
    assert "\x1b" not in group and "\x07" not in group


def test_export_warnings_print_no_control_character():
    unknown = LiveProvider(
        type=TERMINAL_NAME, enabled=True, config={}, overrides={}, effective={}
    )
    live = LiveState(
        providers={unknown.type: unknown},
        defaults=Defaults("port", "claude-sonnet-4-5-20250929"),
        api_url="https://api.port.io",
    )

    warnings = export_live(live, "schema.json").warnings

    assert warnings == [
        "esc\\x1b]0;pwned\\x07: a provider type llmconf does not know; not exported"
    ]


def test_markdown_syntax_in_port_names_stays_inert():
    from llmconf.render.markdown import _escape

    escaped = _escape("[x](https://evil) *bold* _it_ a\\b ~~s~~ !")

    for text in ("](", "*", "_", "\\", "~~"):
        assert text not in escaped


def test_stderr_messages_spell_out_control_characters(capsys):
    from llmconf import output

    output.error("provider evil\x1b]0;pwned\x07 failed\nsecond line")

    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.count("\n") == 2
