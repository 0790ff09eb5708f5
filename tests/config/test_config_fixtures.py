"""Every bad fixture reports exactly the problem lines a user would see."""

# ruff: noqa: E501
# Expected problem lines are kept whole so each reads as the user sees it.

from __future__ import annotations

from pathlib import Path

import pytest

from llmconf.config import check_desired, format_problems, load_config
from llmconf.errors import ConfigError, Problem

ROOT = Path(__file__).resolve().parents[2]
BAD = Path("tests/fixtures/bad")

# Fixture name -> "LINE:COL: path: message" of each problem, in order.
EXPECTED: dict[str, list[str]] = {
    "absent-with-config": [
        "3:3: providers.azure-openai: absent: true deletes this provider; remove its other keys",
    ],
    "alias-recursive": [
        "3:7: (document): this anchor is used inside itself; YAML loops are not allowed",
    ],
    "alias-recursive-merge": [
        "3:7: (document): this anchor is used inside itself; YAML loops are not allowed",
    ],
    "provider-entry-not-mapping": [
        "3:3: providers.openai: has no value; expected a mapping",
        "5:5: providers.anthropic.config: expected a mapping, got a string",
    ],
    "alias-bomb": [
        "3:29: (document): the file holds more than 10000 values, aliases expanded",
    ],
    "anthropic-compatible-both-auth": [
        "4:5: providers.anthropic-compatible.config: anthropic-compatible config mixes API key and auth token: use one",
    ],
    "anthropic-compatible-no-auth": [
        "4:5: providers.anthropic-compatible.config: missing required keys: either API key (apiKeySecretName) or auth token (authTokenSecretName)",
    ],
    "azure-openai-mixed-forms": [
        "4:5: providers.azure-openai.config: azure-openai config mixes resource name and endpoint: use one",
    ],
    "bad-env-reference": [
        "5:25: providers.openai.config.apiKeySecretName: a reference must be ${NAME} or ${NAME:-default} with NAME made of letters, digits and '_'; write $$ for a literal '$'",
    ],
    "base-url-credentials": [
        "5:7: providers.openai-compatible.config.baseUrl: embeds credentials (user:password@) in the URL; remove them and keep credentials in a Port secret",
    ],
    "bedrock-mixed-auth": [
        "4:5: providers.bedrock.config: bedrock config mixes access keys and assume role: use one",
    ],
    "bedrock-no-auth": [
        "4:5: providers.bedrock.config: missing required keys: either access keys (accessKeyIdSecretName, secretAccessKeySecretName) or assume role (roleArn)",
    ],
    "bedrock-region-partition": [
        "6:7: providers.bedrock.config.region: is a partition region (such as us-gov-west-1), which Port does not accept",
    ],
    "bedrock-region-two-digits": [
        "6:7: providers.bedrock.config.region: has a two-digit suffix, which Port's region rule does not accept (one digit only, as in eu-central-1)",
    ],
    "bedrock-region-trailing-newline": [
        "7:7: providers.bedrock.config.region: has leading or trailing whitespace (a space or line break); remove it",
    ],
    "bedrock-unicode-lookalikes": [
        "6:7: providers.bedrock.config.roleArn: has a role name with characters IAM does not allow",
        "7:7: providers.bedrock.config.region: must be an AWS region such as eu-central-1",
    ],
    "bedrock-role-path": [
        "5:7: providers.bedrock.config.roleArn: uses an IAM role path (role/path/name), which Port does not support; use a role without a path",
    ],
    "control-character": [
        "4:34: (document): the control character U+0007 is not allowed in YAML",
    ],
    "credentials-key-as-name": [
        "3:10: credentials.token: must name an environment variable, not hold the secret",
    ],
    "credentials-random-secret": [
        "4:17: credentials.clientSecret: must name an environment variable, not hold the secret",
    ],
    "credentials-value-not-name": [
        "3:3: credentials.clientId: must be the name of an environment variable (letters, digits and '_', not starting with a digit), not its value",
    ],
    "custom-model-name-too-short": [
        "7:11: providers.openai-compatible.config.models[0].name: must be at least 3 characters",
    ],
    "custom-model-names-duplicate": [
        "8:11: providers.openai-compatible.config.models[1].name: model name 'my-litellm-model' is already used by models[0]",
        "9:11: providers.openai-compatible.config.models[1].contextWindow: must be greater than 0",
    ],
    "custom-models-list-not-in-catalog": [
        "7:14: providers.openai-compatible.models[0]: 'other-model' is not a name in openai-compatible's config.models (known: my-litellm-model)",
    ],
    "custom-models-missing": [
        "4:5: providers.vertex-anthropic.config: missing required key 'models'",
    ],
    "deep-nesting": [
        "4:74: (document): the file nests deeper than 64 levels; no config needs that",
    ],
    "defaults-missing-model": [
        "2:1: defaults: missing required key 'model'",
    ],
    "defaults-model-turned-off": [
        "4:3: defaults.model: 'claude-opus-4-6' is turned off on 'bedrock'; turn it on or pick another",
    ],
    "defaults-port-unknown-model": [
        "4:3: defaults.model: 'gpt-5' is not a known port model (known: claude-sonnet-4-5-20250929)",
    ],
    "defaults-provider-absent": [
        "3:3: defaults.provider: 'openai' is deleted by this file (absent: true)",
    ],
    "defaults-provider-disabled": [
        "3:3: defaults.provider: 'openai' is disabled (enabled: false) in this file",
    ],
    "defaults-provider-undeclared": [
        "3:3: defaults.provider: 'openai' is not declared under providers",
    ],
    "defaults-unknown-provider": [
        "3:3: defaults.provider: 'open-ai' is not one of: openai, azure-openai, anthropic, azure-anthropic, bedrock, openai-compatible, anthropic-compatible, vertex-gemini, vertex-anthropic, port; did you mean 'openai'?",
    ],
    "duplicate-provider-key": [
        "5:3: providers.openai: duplicate key 'openai' (first at line 3)",
    ],
    "empty-file": [
        "1:1: (document): the file is empty: it needs at least 'version: 1' and 'providers:'",
    ],
    "enabled-not-boolean": [
        "4:5: providers.openai.enabled: expected true or false, got a string",
    ],
    "literal-aws-key-anywhere": [
        "5:30: providers.bedrock.config.accessKeyIdSecretName: looks like a literal API key; put the key in a Port secret and reference its name",
    ],
    "literal-key-as-map-key": [
        "7:9: providers.openai.overrides.models.(sensitive): looks like a literal API key; put the key in a Port secret and reference its name",
    ],
    "literal-key-as-secret-name": [
        "5:25: providers.anthropic.config.apiKeySecretName: looks like a literal API key; put the key in a Port secret and reference its name",
    ],
    "literal-key-in-header": [
        "7:24: providers.openai-compatible.config.customHeaders.Authorization: looks like a literal API key; put the key in a Port secret and reference its name",
    ],
    "many-problems": [
        "2:1: port: must be 'eu', 'us', an https:// base URL, or http://127.0.0.1 or http://localhost for a local sandbox",
        "6:7: providers.openai.config.apiKeySecretName: contains a space; Port secret names use only letters, digits, '-' and '_'",
        "8:5: providers.anthropic.enabeld: unknown key 'enabeld'; did you mean 'enabled'?",
        "9:5: providers.anthropic.config: missing required key 'apiKeySecretName'",
        "10:3: providers.port: Port's own provider 'port' is managed by Port and cannot be declared",
    ],
    "missing-config": [
        "3:3: providers.anthropic: missing required key 'config' (or write absent: true to delete this provider)",
    ],
    "missing-providers": [
        "1:1: (document): missing required key 'providers'",
    ],
    "missing-secret-name": [
        "5:5: providers.openai.config: missing required key 'apiKeySecretName'",
    ],
    "models-and-overrides": [
        "3:3: providers.anthropic: use either models (only these models) or overrides, not both",
    ],
    "models-empty": [
        "5:5: providers.anthropic.models: must list at least one entry",
    ],
    "models-listed-twice": [
        "8:9: providers.anthropic.models[2]: 'claude-opus-4-6' is listed more than once (first at [0])",
    ],
    "multiple-documents": [
        "3:1: (document): the file holds more than one YAML document ('---'); keep one",
    ],
    "not-utf8": [
        "3:4: (document): the file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
    ],
    "port-provider-declared": [
        "3:3: providers.port: Port's own provider 'port' is managed by Port and cannot be declared",
    ],
    "port-url-plain-http": [
        "2:1: port: must be 'eu', 'us', an https:// base URL, or http://127.0.0.1 or http://localhost for a local sandbox",
    ],
    "protect-disabled": [
        "5:5: providers.openai.enabled: protect: true forbids disabling this provider; drop one of the two",
    ],
    "secret-name-slash": [
        "5:7: providers.anthropic.config.apiKeySecretName: contains '/'; Port secret names use only letters, digits, '-' and '_'",
    ],
    "secret-name-too-long": [
        "5:7: providers.openai.config.apiKeySecretName: is 101 characters long; Port secret names have at most 100",
    ],
    "secret-name-trailing-space": [
        "5:7: providers.openai.config.apiKeySecretName: has a trailing space; Port secret names cannot",
    ],
    "tab-indentation": [
        "4:1: (document): a tab character here is not allowed in YAML; indent with spaces",
    ],
    "top-level-list": [
        "1:1: (document): the top level must be a mapping with 'version' and 'providers'",
    ],
    "unknown-key-typo": [
        "6:7: providers.bedrock.config.regoin: unknown key 'regoin'; did you mean 'region'?",
    ],
    "unknown-model-in-models": [
        "7:9: providers.anthropic.models[1]: 'claude-sonet-4-5' is not a known anthropic model; did you mean 'claude-sonnet-4-20250514'?",
    ],
    "unknown-model-in-overrides": [
        "9:9: providers.bedrock.overrides.models.gpt-5: 'gpt-5' is not a known bedrock model (known: claude-sonnet-4-20250514, claude-haiku-4-5-20251001, claude-sonnet-4-5-20250929, claude-opus-4-5-20251101, claude-opus-4-6)",
    ],
    "unknown-provider-type": [
        "3:3: providers.opneai: unknown provider type 'opneai'; did you mean 'openai'?",
    ],
    "unknown-supported-feature": [
        "8:31: providers.openai-compatible.config.models[0].supportedFeatures.temprature: unknown key 'temprature'; did you mean 'temperature'?",
    ],
    "unset-env-variable": [
        "5:16: providers.openai-compatible.config.baseUrl: the environment variable 'LITELLM_URL' is not set; set it or write ${LITELLM_URL:-default}",
    ],
    "unsupported-tag": [
        "5:25: providers.openai.config.apiKeySecretName: the tag '!secret' is not supported; remove it",
    ],
    "utf16-encoded": [
        "1:1: (document): the file is UTF-16 encoded; save it as UTF-8",
    ],
    "version-decimal": [
        "1:1: version: expected an integer, got the decimal number 1.0",
    ],
    "version-unsupported": [
        "1:1: version: must be 1 (the only file format version this llmconf reads)",
    ],
    "vertex-gemini-mixed-auth": [
        "4:5: providers.vertex-gemini.config: vertex-gemini config mixes Express Mode and service account: use one",
    ],
    "yaml-syntax-error": [
        "5:12: (document): expected ',' or '}', but got ':' (while parsing a flow mapping at line 4)",
    ],
    "yaml11-boolean-as-key": [
        '5:3: defaults: the key `on` is read as a boolean; quote it: "on"',
    ],
    "yaml11-boolean-as-secret-name": [
        '5:7: providers.openai.config.apiKeySecretName: `no` is read as a boolean here; quote it: "no"',
    ],
    "yaml11-date-as-string": [
        '7:7: providers.azure-openai.config.deploymentId: `2025-01-01` is read as a date here; quote it: "2025-01-01"',
    ],
    "yaml11-exponent-as-string": [
        '7:7: providers.bedrock.config.guardrailIdentifier: `1e3` is read as a number here; quote it: "1e3"',
    ],
    "yaml11-octal-as-string": [
        '8:7: providers.bedrock.config.guardrailVersion: `0613` is read as a number here; quote it: "0613"',
    ],
}


def problems_of(path: Path) -> list[Problem]:
    """Return the load problems of ``path``, or its cross-field ones if it loads."""
    try:
        desired = load_config(path, environ={})
    except ConfigError as error:
        return error.problems
    return check_desired(desired)


@pytest.fixture(autouse=True)
def at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_fixture_reports_exact_lines(name: str) -> None:
    path = BAD / f"{name}.yaml"
    expected = [f"{path}:{line}" for line in EXPECTED[name]]

    assert [str(p) for p in problems_of(path)] == expected


def test_every_bad_fixture_has_expectations() -> None:
    on_disk = {p.stem for p in (ROOT / BAD).glob("*.yaml")}

    assert on_disk == set(EXPECTED)


def test_many_problems_are_reported_together_with_a_count() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(BAD / "many-problems.yaml", environ={})

    text = format_problems(caught.value.problems)
    lines = text.splitlines()
    assert len(lines) == 6
    assert lines[-1] == "5 problems found."
    assert str(caught.value) == "5 problems found"


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("literal-key-as-secret-name", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx"),
        ("literal-key-in-header", "abcdefghijklmnopqrstuvwxyz"),
        ("literal-aws-key-anywhere", "AKIAABCDEFGHIJKLMNOP"),
        ("literal-key-as-map-key", "sk-proj-ABCDEFGHIJKLMNOPQRST"),
        ("base-url-credentials", "hunter2"),
        ("credentials-random-secret", "Xk9PqR2vLm8sTq"),
        ("credentials-key-as-name", "ABCDEFGHIJKLMNOPQRST"),
    ],
)
def test_secret_values_never_appear_in_problems(name: str, secret: str) -> None:
    path = BAD / f"{name}.yaml"
    assert secret in path.read_text()

    text = format_problems(problems_of(path))

    assert secret not in text
