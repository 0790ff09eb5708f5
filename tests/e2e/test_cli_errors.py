"""User mistakes at the command line are plain errors (exit 1), never internal ones."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

from llmconf.cli import run


def test_sandbox_serve_on_a_busy_port_is_a_plain_error(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]

        code = run(
            [
                "sandbox",
                "serve",
                "--state",
                str(tmp_path / "s.json"),
                "--port",
                str(port),
            ]
        )

    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_malformed_plan_file_is_not_echoed_whole(tmp_path, capsys):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps([{"padding": "x" * 5000}]))

    code = run(["apply", str(plan_file)])

    err = capsys.readouterr().err
    assert code == 1
    assert "not a valid llmconf plan file" in err
    assert len(err) < 400


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.0.2.10", False),
        ("sandbox.example", False),
    ],
)
def test_serving_beyond_loopback_is_warned(host, loopback):
    from llmconf.commands.sandbox import _is_loopback

    assert _is_loopback(host) is loopback


@pytest.mark.parametrize(
    "args",
    [
        ["--timeout", "nan", "validate"],
        ["--timeout", "inf", "validate"],
        ["--max-retry-seconds", "nan", "validate"],
        ["plan", "--mass-change-share", "nan"],
    ],
)
def test_numbers_that_are_not_finite_are_refused(args, capsys):
    code = run(args)

    assert code == 1
    assert "is not a finite number" in capsys.readouterr().err


def test_a_corrupt_state_file_is_a_usage_error_for_sandbox_write(tmp_path, capsys):
    state = tmp_path / "state.json"
    state.write_text('{"version": 1}')

    code = run(["sandbox", "write", "--state", str(state), "openai"])

    err = capsys.readouterr().err
    assert code == 1
    assert "is not a valid sandbox state" in err
    assert "internal error" not in err


def test_debug_log_records_keep_their_traceback_masked():
    import logging

    from llmconf import output, redact

    output.setup_logging(0, debug=True)
    handler = logging.getLogger("llmconf").handlers[0]
    redact.register("very-secret-value")
    try:
        raise RuntimeError("boom with very-secret-value")
    except RuntimeError:
        record = logging.LogRecord(
            "llmconf.x", logging.DEBUG, __file__, 1, "failed", None, sys.exc_info()
        )

    text = handler.format(record)

    assert "Traceback" in text
    assert "very-secret-value" not in text


def test_half_a_credential_pair_is_an_error_even_on_the_sandbox(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("PORT_CLIENT_ID", raising=False)
    monkeypatch.delenv("PORT_TOKEN", raising=False)
    monkeypatch.setenv("PORT_CLIENT_SECRET", "only-the-secret")
    example = Path(__file__).resolve().parents[2] / "examples" / "quickstart.yaml"

    code = run(["--sandbox", str(tmp_path / "s.json"), "plan", "-c", str(example)])

    assert code == 1
    assert "PORT_CLIENT_ID is not set" in capsys.readouterr().err
