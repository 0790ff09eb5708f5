"""Apply order, stops and reports, against a scripted Port client."""

from __future__ import annotations

import pytest

from llmconf.applier import apply_plan
from llmconf.errors import ApplyFailed, ApplyInterrupted, InvalidConfigError
from llmconf.plan import Action, Plan
from llmconf.render.report import render_report
from llmconf.state import Defaults


class ScriptedPort:
    """Answers apply's reads and writes; ``fail`` and ``stamp`` shape its answers."""

    def __init__(self, fail=None, stamp="t1", interrupt=None):
        self.writes: list[str] = []
        self.fail, self.stamp, self.interrupt = fail, stamp, interrupt

    def get_provider(self, provider):
        if provider == "new":
            return None
        return {"provider": provider, "updatedAt": self.stamp}

    def read_defaults(self):
        return Defaults("port", "claude-sonnet-4-5-20250929")

    def _write(self, provider):
        if provider == self.interrupt:
            raise KeyboardInterrupt
        if provider == self.fail:
            raise InvalidConfigError("apiKeySecretName is required")
        self.writes.append(provider)

    def create_provider(self, body):
        self._write(body["provider"])

    def update_provider(self, provider, body):
        self._write(provider)

    def delete_provider(self, provider):
        self._write(provider)

    def set_defaults(self, provider, model):
        self._write("defaults")


def make_plan() -> Plan:
    return Plan(
        actions=[
            Action("create", "new", body={"provider": "new"}),
            Action("update", "openai", body={}, expected_updated_at="t1"),
            Action("delete", "anthropic", expected_updated_at="t1"),
        ],
        live_defaults=Defaults("port", "claude-sonnet-4-5-20250929"),
    )


def test_every_action_runs_in_order():
    port = ScriptedPort()

    report = apply_plan(make_plan(), port, progress=lambda _line: None)

    assert port.writes == ["new", "openai", "anthropic"]
    assert report.ok
    assert render_report(report) == (
        "Apply complete! 1 created, 1 updated, 1 deleted, defaults unchanged.\n"
    )


def test_failed_write_stops_and_reports_the_rest_as_not_attempted():
    port = ScriptedPort(fail="openai")

    with pytest.raises(ApplyFailed) as raised:
        apply_plan(make_plan(), port, progress=lambda _line: None)

    statuses = [r.status for r in raised.value.report.results]
    assert statuses == ["done", "failed", "not attempted"]
    text = render_report(raised.value.report)
    assert "failed:        update provider openai: apiKeySecretName is required" in text
    assert "not attempted: delete provider anthropic" in text


def test_second_writer_stops_before_the_write_and_says_why():
    port = ScriptedPort(stamp="t2")

    with pytest.raises(ApplyFailed) as raised:
        apply_plan(make_plan(), port, progress=lambda _line: None)

    assert port.writes == ["new"]
    assert [r.status for r in raised.value.report.results] == [
        "done",
        "not attempted",
        "not attempted",
    ]
    text = render_report(raised.value.report)
    assert text.startswith(
        "Apply stopped before update provider openai: provider openai changed since "
        "the plan was made (updatedAt t1 -> t2); run plan again"
    )


def test_interrupt_reports_the_write_in_flight_as_unknown():
    port = ScriptedPort(interrupt="openai")

    with pytest.raises(ApplyInterrupted) as raised:
        apply_plan(make_plan(), port, progress=lambda _line: None)

    assert raised.value.exit_code == 130
    text = render_report(raised.value.report)
    assert "Apply interrupted during update provider openai." in text
    assert "interrupted:   update provider openai: stopped while the write" in text
    assert "not attempted: delete provider anthropic" in text
