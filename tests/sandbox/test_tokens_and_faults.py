"""JWT-shaped sandbox tokens, the org they name, and faults given as a spec string."""

from __future__ import annotations

import json

import pytest

from llmconf.cli import run
from llmconf.errors import UsageError
from llmconf.port.auth import org_from_token
from llmconf.sandbox import ORG_ID, Faults, Sandbox
from llmconf.sandbox.tokens import make_token, verify_token

STATE = {"organization": {"id": ORG_ID}}


def test_tokens_carry_org_and_client_and_verify():
    state = dict(STATE)
    token = make_token(state, "sandbox-admin", 1_000.0, 60)

    assert token.startswith("eyJ") and token.count(".") == 2
    assert org_from_token(token) == ORG_ID
    assert verify_token(state, token)
    assert not verify_token(state, token[:-2] + "xx")


@pytest.mark.parametrize("token", ["sbx_plain", "a.b.c", "a.!!!.c", "x.e30.y", ""])
def test_org_is_unknown_for_tokens_that_are_not_jwts(token):
    assert org_from_token(token) is None


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", Faults()),
        ("throttle=2,flaky=3", Faults(throttle=2, flaky=3)),
        (
            " latency-ms=5 , drop-after-write",
            Faults(latency_ms=5, drop_after_write=True),
        ),
        ("drop_after_write=false", Faults()),
    ],
)
def test_faults_parse_specs(spec, expected):
    assert Faults.parse(spec) == expected


@pytest.mark.parametrize(
    "spec", ["slow=1", "flaky=often", "throttle", "drop-after-write=2"]
)
def test_bad_fault_specs_are_usage_errors(spec):
    with pytest.raises(UsageError):
        Faults.parse(spec)


def test_in_process_sandbox_reads_faults_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("LLMCONF_SANDBOX_FAULTS", "flaky=4")

    assert Sandbox(tmp_path / "s.json").faults == Faults(flaky=4)


def test_sandbox_write_command_rewrites_a_provider(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    state = tmp_path / "s.json"
    config = tmp_path / "llmconf.yaml"
    config.write_text(
        "version: 1\nproviders:\n  openai:\n"
        "    config: {apiKeySecretName: openai-api-key}\n"
    )
    assert (
        run(["--sandbox", str(state), "apply", "--auto-approve", "-c", str(config)])
        == 0
    )

    code = run(
        ["sandbox", "write", "--state", str(state), "openai", "--enabled", "false"]
    )
    missing = run(["sandbox", "write", "--state", str(state), "anthropic"])

    record = json.loads(state.read_text())["providers"]["openai"]
    assert (code, missing) == (0, 1)
    assert record["enabled"] is False
    assert record["updatedBy"] == "sandbox-second-admin"
    assert "anthropic is not configured" in capsys.readouterr().err
