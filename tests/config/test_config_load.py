"""Good config files load into the desired state they describe."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmconf.config import check_desired, format_problems, load_bytes, load_config
from llmconf.errors import ConfigError, Problem
from llmconf.state import CredentialsEnv, Defaults, DesiredProvider

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "tests" / "config" / "full.yaml"
OPENAI = "version: 1\nproviders:\n  openai:\n    config: "


def load_text(text: str, environ: dict[str, str] | None = None):
    return load_bytes(text.encode(), Path("llmconf.yaml"), environ=environ or {})


def problem_lines(text: str, environ: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_text(text, environ)
    return [str(p) for p in caught.value.problems]


def test_full_example_builds_every_provider() -> None:
    desired = load_config(FULL, environ={})

    assert desired.source == FULL
    assert desired.port_url == "https://api.port.io"
    assert desired.prune is False
    assert desired.defaults == Defaults("bedrock", "claude-sonnet-4-5-20250929")
    assert desired.credentials == CredentialsEnv(
        client_id="PORT_CLIENT_ID_PROD",
        client_secret="PORT_CLIENT_SECRET_PROD",
        token="PORT_TOKEN_PROD",
        api_url="PORT_API_URL_PROD",
    )
    assert desired.providers == {
        "openai": DesiredProvider(
            type="openai", config={"apiKeySecretName": "openai-api-key"}
        ),
        "bedrock": DesiredProvider(
            type="bedrock",
            protect=True,
            config={
                "roleArn": "arn:aws:iam::123456789012:role/port-bedrock",
                "region": "eu-central-1",
                "externalIdSecretName": "BEDROCK_ROLE_EXTERNAL_ID",
            },
            only=("claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929"),
        ),
        "anthropic": DesiredProvider(
            type="anthropic",
            config={"apiKeySecretName": "anthropic-api-key"},
            overrides={"claude-opus-4-6": False},
        ),
        "openai-compatible": DesiredProvider(
            type="openai-compatible",
            config={
                "baseUrl": "https://litellm.corp.example.com/v1",
                "apiKeySecretName": "LITELLM_API_KEY",
                "customHeaders": {"X-Team": "platform"},
                "supportsStructuredOutputs": True,
                "models": [
                    {
                        "name": "my-litellm-model",
                        "displayName": "My model",
                        "contextWindow": 128000,
                        "supportedFeatures": {"temperature": True},
                    }
                ],
            },
        ),
        "azure-openai": DesiredProvider(type="azure-openai", absent=True),
    }
    assert check_desired(desired) == []


@pytest.mark.parametrize(
    ("path", "mark"),
    [
        ((), (1, 1)),
        (("version",), (2, 1)),
        (("providers", "bedrock"), (18, 3)),
        (("providers", "bedrock", "config", "region"), (22, 7)),
        (("providers", "bedrock", "models", 1), (24, 41)),
        (("providers", "openai-compatible", "config", "models", 0, "name"), (37, 11)),
    ],
)
def test_marks_point_at_keys(path: tuple, mark: tuple[int, int]) -> None:
    desired = load_config(FULL, environ={})

    assert desired.marks[path] == mark
    assert desired.locate(path + ("deeper",)) == mark


def test_minimal_file_uses_default_credentials() -> None:
    desired = load_text("version: 1\nproviders: {}\n")

    assert desired.providers == {}
    assert desired.defaults is None
    assert desired.port_url is None
    assert desired.credentials == CredentialsEnv()


@pytest.mark.parametrize(
    ("port", "url"),
    [
        ("eu", "https://api.port.io"),
        ("us", "https://api.us.port.io"),
        ("https://port.internal.example.com", "https://port.internal.example.com"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://localhost/", "http://localhost/"),
    ],
)
def test_port_names_a_base_url(port: str, url: str) -> None:
    desired = load_text(f"version: 1\nport: {port}\nproviders: {{}}\n")

    assert desired.port_url == url


@pytest.mark.parametrize(
    ("written", "environ", "expanded"),
    [
        ("${OPENAI_SECRET}", {"OPENAI_SECRET": "prod-openai"}, "prod-openai"),
        ("${OPENAI_SECRET:-fallback}", {}, "fallback"),
        ("${OPENAI_SECRET:-fallback}", {"OPENAI_SECRET": ""}, "fallback"),
        ("team-${TEAM}-key", {"TEAM": "ai"}, "team-ai-key"),
        ("plain-name", {}, "plain-name"),
    ],
)
def test_environment_references_expand(
    written: str, environ: dict[str, str], expanded: str
) -> None:
    text = OPENAI + f'{{apiKeySecretName: "{written}"}}\n'

    desired = load_text(text, environ)

    assert desired.providers["openai"].config["apiKeySecretName"] == expanded


def test_dollar_dollar_is_a_literal_dollar() -> None:
    text = (
        "version: 1\nproviders:\n  openai-compatible:\n    config:\n"
        "      baseUrl: https://gw.example.com/v1\n"
        "      customHeaders: {X-Price: $$5}\n"
        "      models: [{name: my-model}]\n"
    )

    desired = load_text(text)

    assert desired.providers["openai-compatible"].config["customHeaders"] == {
        "X-Price": "$5"
    }


def test_keys_are_never_expanded() -> None:
    text = "version: 1\nproviders:\n  ${PROVIDER}: {}\n"

    lines = problem_lines(text, {"PROVIDER": "openai"})

    assert lines == [
        "llmconf.yaml:3:3: providers.${PROVIDER}: unknown provider type "
        "'${PROVIDER}' (expected one of: openai, anthropic, azure-openai, "
        "azure-anthropic, bedrock, openai-compatible, anthropic-compatible, "
        "vertex-gemini, vertex-anthropic)"
    ]


def test_merge_keys_fill_in_a_mapping() -> None:
    text = (
        "version: 1\nproviders:\n"
        "  openai-compatible:\n    config:\n"
        "      <<: {baseUrl: https://gw.example.com/v1, apiKeySecretName: GW_KEY}\n"
        "      apiKeySecretName: OTHER_KEY\n"
        "      models: [{name: my-model}]\n"
    )

    config = load_text(text).providers["openai-compatible"].config

    assert config["baseUrl"] == "https://gw.example.com/v1"
    assert config["apiKeySecretName"] == "OTHER_KEY"


def test_utf8_byte_order_mark_is_accepted() -> None:
    raw = b"\xef\xbb\xbfversion: 1\nproviders: {}\n"

    desired = load_bytes(raw, Path("llmconf.yaml"), environ={})

    assert desired.providers == {}


@pytest.mark.parametrize("written", ["yes", "off", "On", "0x1F", "1:30", "12e3", "~"])
def test_unquoted_non_text_scalars_are_refused_where_text_belongs(
    written: str,
) -> None:
    text = OPENAI + f"{{apiKeySecretName: {written}}}\n"

    lines = problem_lines(text)

    assert len(lines) == 1
    assert lines[0].startswith(
        "llmconf.yaml:4:14: providers.openai.config.apiKeySecretName: "
    )
    if written != "~":
        assert lines[0].endswith(f'quote it: "{written}"')


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"

    with pytest.raises(ConfigError) as caught:
        load_config(path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: (document): cannot read the file: No such file or directory"
    ]


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")))
def test_examples_load_and_pass_checks(example: Path) -> None:
    desired = load_config(example, environ={})

    assert check_desired(desired) == []


@pytest.mark.parametrize(
    ("count", "last"), [(0, "0 problems found."), (1, "1 problem found.")]
)
def test_format_problems_ends_with_a_count(count: int, last: str) -> None:
    problems = [Problem("a.yaml", 2, 3, "version", "must be 1")][:count]

    lines = format_problems(problems).splitlines()

    assert lines[-1] == last
    assert lines[:-1] == ["a.yaml:2:3: version: must be 1"][:count]


@pytest.mark.parametrize(
    "name",
    [
        "PORT_CLIENT_SECRET",
        "AcmePortClientSecret",
        "PortToken2024Prod",
        "MY_ORG_2_TOKEN",
        "myOrg2Token",
        "_ACME_PORT_TOKEN_V2",
    ],
)
def test_credential_variable_names_that_read_as_words_load(name: str) -> None:
    desired = load_text(f"version: 1\ncredentials:\n  token: {name}\nproviders: {{}}\n")

    assert desired.credentials.token == name


def test_stdin_as_the_config_path_is_a_clear_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(Path("-"), environ={})

    assert [str(p) for p in caught.value.problems] == [
        "-:1:1: (document): reading the config from stdin is not supported; "
        "pass a file path"
    ]
