"""Property: whatever the live org holds, applying a plan leaves nothing to plan."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from llmconf.catalog import CLAUDE_MODELS
from llmconf.cli import run

CONFIGS: dict[str, dict[str, Any]] = {
    "openai": {"apiKeySecretName": "openai-api-key"},
    "anthropic": {"apiKeySecretName": "anthropic-api-key"},
    "azure-openai": {
        "apiKeySecretName": "azure-openai-api-key",
        "endpoint": "https://corp-llm.openai.azure.com",
        "deployment": "gpt-5",
    },
    "azure-anthropic": {
        "apiKeySecretName": "azure-anthropic-api-key",
        "endpoint": "https://corp-claude.services.ai.azure.com/anthropic",
    },
    "bedrock": {
        "accessKeyIdSecretName": "aws-bedrock-access-key-id",
        "secretAccessKeySecretName": "aws-bedrock-secret-access-key",
        "region": "eu-central-1",
    },
    "openai-compatible": {
        "baseUrl": "https://litellm.corp.example.com/v1",
        "apiKeySecretName": "LITELLM_API_KEY",
        "models": [{"name": "my-litellm-model"}],
    },
}
CATALOGS = {
    "openai": ("gpt-5",),
    "azure-openai": ("gpt-5",),
    "openai-compatible": ("my-litellm-model",),
}
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def catalog(kind: str) -> tuple[str, ...]:
    return CATALOGS.get(kind, CLAUDE_MODELS)


@st.composite
def provider_entry(draw, kind: str) -> tuple[dict[str, Any], list[str]]:
    """Return one provider entry and the models it leaves on."""
    models = catalog(kind)
    entry: dict[str, Any] = {"enabled": draw(st.booleans()), "config": CONFIGS[kind]}
    form = (
        "plain"
        if kind == "openai-compatible"
        else draw(st.sampled_from(["plain", "only", "overrides"]))
    )
    on = list(models)
    if form == "only":
        on = draw(st.lists(st.sampled_from(models), min_size=1, unique=True))
        entry["models"] = on
    elif form == "overrides":
        flags = draw(st.dictionaries(st.sampled_from(models), st.booleans()))
        entry["overrides"] = {"models": {m: {"enabled": f} for m, f in flags.items()}}
        on = [m for m in models if flags.get(m, True)]
    return entry, (on if entry["enabled"] else [])


@st.composite
def desired_file(draw) -> dict[str, Any]:
    """Return a valid config: a random subset of providers and a usable default."""
    kinds = draw(st.lists(st.sampled_from(sorted(CONFIGS)), min_size=1, unique=True))
    providers, usable = {}, []
    for kind in kinds:
        entry, on = draw(provider_entry(kind))
        providers[kind] = entry
        usable += [(kind, model) for model in on]
    assume(usable)
    provider, model = draw(st.sampled_from(usable))
    return {
        "version": 1,
        "prune": draw(st.booleans()),
        "defaults": {"provider": provider, "model": model},
        "providers": providers,
    }


def run_cli(tmp_path, capsys, config: dict[str, Any], *args: str) -> tuple[int, str]:
    path = tmp_path / "llmconf.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    capsys.readouterr()
    code = run(["--sandbox", str(tmp_path / "org.json"), *args, "-c", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def fresh_org(tmp_path, monkeypatch):
    for name in ("PORT_CLIENT_ID", "PORT_CLIENT_SECRET", "PORT_TOKEN", "PORT_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


@SETTINGS
@given(live=desired_file(), desired=desired_file())
def test_plan_after_apply_is_empty(fresh_org, capsys, live, desired):
    (fresh_org / "org.json").unlink(missing_ok=True)
    apply = ("apply", "--auto-approve", "--allow-mass-change")
    seeded, seed_text = run_cli(fresh_org, capsys, {**live, "prune": True}, *apply)
    applied, text = run_cli(fresh_org, capsys, desired, *apply)
    again, plan_text = run_cli(
        fresh_org, capsys, desired, "plan", "--detailed-exitcode"
    )

    assert seeded == 0, seed_text
    assert applied == 0, text
    assert again == 0, plan_text
    assert "Traceback" not in seed_text + text + plan_text


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(
    tree=st.fixed_dictionaries(
        {"version": st.sampled_from([1, 2, "1"]), "providers": YAML_VALUES},
        optional={"defaults": YAML_VALUES, "prune": YAML_VALUES},
    )
)
def test_random_files_never_show_a_traceback(fresh_org, capsys, tree):
    code, text = run_cli(fresh_org, capsys, tree, "plan")

    assert code in (0, 1), text
    assert "Traceback" not in text
