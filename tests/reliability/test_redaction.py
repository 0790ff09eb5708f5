"""No secret in any output: --debug and -v runs on loopback, tracebacks, plan files."""

from __future__ import annotations

import json

import pytest

from llmconf.commands import apply as apply_command
from tests.reliability.conftest import Cli

HEADER_VALUE = "team-header-value-7f3a91"
KEY_SECRET = "sk-live-" + "Zq9" * 8
CONFIG = f"""\
version: 1
defaults:
  provider: openai-compatible
  model: my-litellm-model
providers:
  openai-compatible:
    config:
      baseUrl: https://litellm.corp.example.com/v1
      apiKeySecretName: LITELLM_API_KEY
      customHeaders:
        X-Team: {HEADER_VALUE}
      models:
        - name: my-litellm-model
  anthropic:
    config:
      apiKeySecretName: anthropic-api-key
"""


def login_with_key_shaped_secret(served, monkeypatch, config) -> None:
    """Add an admin whose client secret has an OpenAI key's shape, and use it."""
    assert served.cli.run("plan", "-c", str(config)).code == 0
    state = json.loads(served.state.read_text())
    state["users"]["ci-admin"] = {"secret": KEY_SECRET, "role": "admin"}
    served.state.write_text(json.dumps(state))
    monkeypatch.setenv("PORT_CLIENT_ID", "ci-admin")
    monkeypatch.setenv("PORT_CLIENT_SECRET", KEY_SECRET)


def leaked(served, *texts: str) -> list[str]:
    state = json.loads(served.state.read_text())
    values = [KEY_SECRET, HEADER_VALUE, "sk-live-"]
    values += [entry["value"] for entry in state["secrets"].values()]
    values += [user["secret"] for user in state["users"].values()]
    values += list(state["tokens"])
    assert len(state["tokens"]) >= 1
    return [v for v in values for t in texts if v in t]


@pytest.mark.parametrize("verbosity", [["--debug"], ["-v"], ["--debug", "-v"]])
def test_plan_and_apply_print_no_secret(sandbox, tmp_path, monkeypatch, verbosity):
    config = tmp_path / "llmconf.yaml"
    config.write_text(CONFIG)
    plan_file = tmp_path / "plan.json"
    with sandbox() as served:
        login_with_key_shaped_secret(served, monkeypatch, config)
        cli = Cli([*verbosity, *served.cli.prefix], served.cli.capsys)
        runs = [
            cli.run("plan", "--out", str(plan_file), "-c", str(config)),
            cli.run("apply", str(plan_file)),
            cli.run("plan", "--format", "json", "-c", str(config)),
        ]

    assert [r.code for r in runs] == [0, 0, 0], runs
    if "--debug" in verbosity:
        assert "DEBUG" in runs[1].err and "POST /v1/llm-providers" in runs[1].err
    texts = [r.text for r in runs] + [plan_file.read_text()]
    assert leaked(served, *texts) == []


def test_internal_error_traceback_is_masked(sandbox, tmp_path, monkeypatch):
    config = tmp_path / "llmconf.yaml"
    config.write_text(CONFIG)

    def explode(plan, client, progress):
        raise RuntimeError(f"bug with {client.token()} and {KEY_SECRET}")

    with sandbox() as served:
        login_with_key_shaped_secret(served, monkeypatch, config)
        monkeypatch.setattr(apply_command, "apply_plan", explode)
        result = served.cli.run(
            "--debug",
            "apply",
            "--auto-approve",
            "-c",
            str(config),
            debug=True,
            forced_bug=True,
        )

    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err
    assert "RuntimeError: bug with (sensitive) and (sensitive)" in result.err
    assert leaked(served, result.text) == []


def test_literal_key_as_secret_name_is_not_echoed(sandbox, tmp_path):
    config = tmp_path / "llmconf.yaml"
    config.write_text(CONFIG.replace("anthropic-api-key", "sk-ant-" + "Qx7" * 10))
    with sandbox() as served:
        result = served.cli.run("--debug", "plan", "-c", str(config))

    assert result.code == 1
    assert "providers.anthropic.config.apiKeySecretName" in result.err
    assert "Qx7Qx7" not in result.text
