"""Environment references in values expand like a shell's, and fail clearly."""

from __future__ import annotations

import pytest

from llmconf.config.interpolate import expand, interpolate

ENV = {"HOST": "gw.example.com", "EMPTY": ""}


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("https://${HOST}/v1", "https://gw.example.com/v1"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY}", ""),
        ("${MISSING:-}", ""),
        ("$$HOST", "$HOST"),
        ("cost $5", "cost $5"),
        ("trailing $", "trailing $"),
        ("${HOST}${HOST}", "gw.example.comgw.example.com"),
    ],
)
def test_expand(text: str, expanded: str) -> None:
    assert expand(text, ENV) == (expanded, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "${MISSING}",
            "the environment variable 'MISSING' is not set; set it or write "
            "${MISSING:-default}",
        ),
        ("${HOST", "'${' is not closed; write ${NAME}, or $$ for a literal '$'"),
        (
            "${1HOST}",
            "a reference must be ${NAME} or ${NAME:-default} with NAME made of "
            "letters, digits and '_'; write $$ for a literal '$'",
        ),
    ],
)
def test_expand_reports_what_is_wrong(text: str, message: str) -> None:
    assert expand(text, ENV) == (text, message)


def test_interpolate_walks_values_but_not_keys() -> None:
    data = {"${HOST}": ["${HOST}", 3, {"a": "${MISSING}"}]}

    result, findings = interpolate(data, ENV)

    assert result == {"${HOST}": ["gw.example.com", 3, {"a": "${MISSING}"}]}
    assert [path for path, _ in findings] == [("${HOST}", 2, "a")]


@pytest.mark.parametrize(
    "value", ["sk-ant-api03-" + "A" * 40, "AKIA" + "B" * 16, "sk-proj-" + "c" * 30]
)
def test_a_key_arriving_through_a_variable_is_a_problem_without_echo(
    tmp_path, value
) -> None:
    from llmconf.config import load_config
    from llmconf.errors import ConfigError

    config = tmp_path / "llmconf.yaml"
    config.write_text(
        "version: 1\nproviders:\n  anthropic:\n    config:\n"
        "      apiKeySecretName: ${KEY}\n"
    )

    with pytest.raises(ConfigError) as raised:
        load_config(config, environ={"KEY": value})

    [problem] = raised.value.problems
    assert (problem.line, problem.col) == (5, 25)
    assert "holds what looks like a literal API key" in problem.message
    assert value not in str(problem)
