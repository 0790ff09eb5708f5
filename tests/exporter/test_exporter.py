"""The exporter's choices: model forms, skipped fields and types, escaping."""

from __future__ import annotations

from pathlib import Path

import yaml

from llmconf.catalog import CLAUDE_MODELS
from llmconf.config import check_desired, load_bytes
from llmconf.exporter import export_live
from llmconf.state import Defaults, LiveProvider, LiveState


def live_state(*providers: LiveProvider, defaults_set: bool = False) -> LiveState:
    return LiveState(
        providers={p.type: p for p in providers},
        defaults=Defaults("port", "claude-sonnet-4-5-20250929"),
        defaults_set=defaults_set,
        api_url="https://api.port.io",
    )


def anthropic(effective: dict[str, bool], overrides=None, **extra) -> LiveProvider:
    return LiveProvider(
        type="anthropic",
        enabled=extra.pop("enabled", True),
        config={"apiKeySecretName": "anthropic-api-key", **extra},
        overrides=overrides or {},
        effective=effective,
    )


def exported(live: LiveState) -> tuple[dict, list[str], str]:
    result = export_live(live, "schema.json")
    return yaml.safe_load(result.text), result.warnings, result.text


def test_some_models_off_use_the_only_these_form():
    effective = {m: m == "claude-opus-4-6" for m in CLAUDE_MODELS}

    document, _, _ = exported(live_state(anthropic(effective)))

    assert document["providers"]["anthropic"]["models"] == ["claude-opus-4-6"]


def test_all_models_on_need_no_model_list():
    document, _, _ = exported(live_state(anthropic(dict.fromkeys(CLAUDE_MODELS, True))))

    assert document["providers"]["anthropic"] == {
        "config": {"apiKeySecretName": "anthropic-api-key"}
    }


def test_all_models_off_fall_back_to_ports_overrides():
    overrides = dict.fromkeys(CLAUDE_MODELS, False)
    live = live_state(anthropic(dict(overrides), overrides))

    document, _, _ = exported(live)

    models = document["providers"]["anthropic"]["overrides"]["models"]
    assert models == {m: {"enabled": False} for m in sorted(CLAUDE_MODELS)}


def test_disabled_provider_and_chosen_defaults_are_written():
    live = live_state(
        anthropic(dict.fromkeys(CLAUDE_MODELS, True), enabled=False),
        defaults_set=True,
    )

    document, _, _ = exported(live)

    assert document["providers"]["anthropic"]["enabled"] is False
    assert document["defaults"] == {
        "provider": "port",
        "model": "claude-sonnet-4-5-20250929",
    }


def test_ports_own_provider_is_left_out():
    port = LiveProvider("port", True, {}, {}, {"claude-sonnet-4-5-20250929": True})

    document, warnings, _ = exported(live_state(port))

    assert document["providers"] == {}
    assert warnings == []


def test_unknown_types_and_fields_are_skipped_with_a_warning():
    future = LiveProvider("mistral", True, {"apiKeySecretName": "m"}, {}, {})
    extra = anthropic(dict.fromkeys(CLAUDE_MODELS, True), newField="x", empty=None)

    document, warnings, _ = exported(live_state(future, extra))

    assert "mistral" not in document["providers"]
    assert "newField" not in document["providers"]["anthropic"]["config"]
    assert warnings == [
        "anthropic: config.newField is not in llmconf's schema; not exported",
        "mistral: a provider type llmconf does not know; not exported",
    ]


def test_dollar_signs_survive_interpolation(tmp_path):
    gateway = LiveProvider(
        "openai-compatible",
        True,
        {
            "baseUrl": "https://gw.example.com/v1",
            "customHeaders": {"X-Route": "${NOT_A_VARIABLE}"},
            "models": [{"name": "gw-model"}],
        },
        {},
        {"gw-model": True},
    )

    _, _, text = exported(live_state(gateway))
    desired = load_bytes(text.encode(), Path("exported.yaml"), environ={})

    headers = desired.providers["openai-compatible"].config["customHeaders"]
    assert headers == {"X-Route": "${NOT_A_VARIABLE}"}
    assert check_desired(desired, None) == []


def test_us_org_keeps_its_region():
    live = live_state()
    live.api_url = "https://api.us.port.io"

    document, _, _ = exported(live)

    assert document["port"] == "us"
