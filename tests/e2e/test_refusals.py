"""Applies that must write nothing: member tokens, failed tests, missing secrets."""

from __future__ import annotations

from pathlib import Path

from llmconf.sandbox import MEMBER_CLIENT_ID, MEMBER_CLIENT_SECRET
from tests.e2e.conftest import EXAMPLES, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "e2e"
QUICKSTART = next(p for p in EXAMPLES if p.stem == "quickstart")


def providers_state(org) -> bytes:
    org.run("plan", "-c", str(QUICKSTART))
    return org.state.read_bytes()


def test_member_can_plan_but_apply_fails_before_any_write(org):
    before = providers_state(org)
    org.login(MEMBER_CLIENT_ID, MEMBER_CLIENT_SECRET)

    plan = org.run("plan", "--detailed-exitcode", "-c", str(QUICKSTART))
    apply = org.run("apply", "--auto-approve", "-c", str(QUICKSTART))

    assert plan.code == 2, plan.text
    assert apply.code == 1
    assert "You do not have permission to manage LLM providers" in apply.err
    assert "started" not in apply.err
    assert _without_tokens(org.state.read_bytes()) == _without_tokens(before)


def test_bedrock_without_overrides_reports_each_model_and_saves_nothing(org):
    config = FIXTURES / "bedrock-without-overrides.yaml"

    result = org.run("apply", "--auto-approve", "-c", str(config))
    after = org.run("plan", "--detailed-exitcode", "-c", str(config))

    assert result.code == 1
    assert "Connection test failed for one or more models" in result.out
    assert "claude-haiku-4-5-20251001: ok" in result.out
    assert "claude-sonnet-4-20250514: FAILED" in result.out
    assert (
        "        models: [claude-haiku-4-5-20251001, claude-sonnet-4-5-20250929]"
        in result.out
    )
    assert after.code == 2
    assert "+ create provider bedrock" in after.out


def test_missing_secret_stops_apply_before_any_write(org):
    config = FIXTURES / "missing-secret.yaml"

    result = org.run("apply", "--auto-approve", "-c", str(config))
    after = org.run("plan", "-c", str(config))

    assert result.code == 1
    assert (
        f"{config}:9:7: providers.anthropic.config.apiKeySecretName: secret "
        "'no-such-secret' not found" in result.err
    )
    assert "Plan: 2 to create" in after.out


def test_apply_without_terminal_needs_auto_approve(org):
    result = org.run("apply", "-c", str(QUICKSTART))

    assert result.code == 1
    assert "--auto-approve" in result.err


def test_usage_error_exits_1_not_2(org):
    result = org.run("plan", "--no-such-flag")

    assert result.code == 1
    assert result.err.splitlines()[-1] == "error: No such option '--no-such-flag'."


def test_bad_yaml_lists_every_problem_and_exits_1(in_process_org, tmp_path: Path):
    config = tmp_path / "bad.yaml"
    config.write_text(
        "version: 1\n"
        "providers:\n"
        "  openai:\n"
        "    config:\n"
        "      apiKeySecretNam: openai-api-key\n"
        "  anthropic:\n"
        "    enabled: no\n"
        "    config: {apiKeySecretName: on}\n"
    )

    result = in_process_org.run("plan", "-c", str(config))

    assert result.code == 1
    lines = result.err.splitlines()
    assert (
        f"{config}:5:7: providers.openai.config.apiKeySecretNam: unknown key "
        "'apiKeySecretNam'; did you mean 'apiKeySecretName'?"
    ) in lines
    assert (
        f"{config}:8:14: providers.anthropic.config.apiKeySecretName: `on` is read "
        'as a boolean here; quote it: "on"'
    ) in lines
    assert "problems found" in lines[-1]
    assert not in_process_org.state.exists()


def _without_tokens(raw: bytes) -> bytes:
    # Logging in as the member adds a token to the store; nothing else may change.
    import json

    state = json.loads(raw)
    state.pop("tokens", None)
    return json.dumps(state, sort_keys=True).encode()
