"""The self-test report: one row per step and model, and its text rendering."""

from __future__ import annotations

from dataclasses import dataclass, field

from llmconf.redact import scrub

OK = "ok"
FAIL = "FAIL"
SKIP = "skip"

_SUBJECT_WIDTH = 30
_VERDICT_WIDTH = 7


@dataclass(frozen=True)
class CheckRow:
    """One step of the self-test; ``model`` is set for invoke rows only.

    ``detail`` holds the fix for a failed row, one printable line per entry.
    """

    step: str
    verdict: str
    detail: tuple[str, ...] = ()
    model: str | None = None

    @property
    def subject(self) -> str:
        return self.model or self.step


@dataclass
class CheckReport:
    """Everything one self-test found. ``ok`` means every enabled model answered."""

    region: str
    auth: str
    models: tuple[str, ...]
    rows: list[CheckRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passing(self) -> tuple[str, ...]:
        """Return the enabled models that answered, in check order."""
        return tuple(r.model for r in self.rows if r.model and r.verdict == OK)

    @property
    def ok(self) -> bool:
        return bool(self.models) and len(self.passing) == len(self.models)


def render_check(report: CheckReport) -> str:
    """Return the report as text, with every secret masked."""
    lines = [f"Bedrock self-test in {report.region} ({report.auth})", ""]
    lines += [f"note: {note}" for note in report.notes]
    if report.notes:
        lines.append("")

    lines.append(_row("step/model", "verdict", "fix"))
    for row in report.rows:
        detail = row.detail or ("",)
        lines.append(_row(row.subject, row.verdict, detail[0]))
        lines += [_row("", "", extra) for extra in detail[1:]]

    lines += ["", *_summary(report)]
    return "\n".join(scrub(line).rstrip() for line in lines) + "\n"


def suggest_models_yaml(passing: tuple[str, ...]) -> str:
    """Return the config snippet that enables exactly ``passing`` on bedrock."""
    items = "".join(f"      - {model}\n" for model in passing)
    return f"providers:\n  bedrock:\n    models:\n{items}"


def _row(subject: str, verdict: str, text: str) -> str:
    return f"{subject:<{_SUBJECT_WIDTH}} {verdict:<{_VERDICT_WIDTH}} {text}"


def _summary(report: CheckReport) -> list[str]:
    total = len(report.models)
    answered = len(report.passing)
    lines = [f"{answered} of {total} enabled models answered."]
    if report.ok:
        return lines + ["Port's connection test should pass for this provider."]
    if answered == 0:
        return lines + ["Fix the failures above before registering the provider."]

    # Port rejects the whole registration when one enabled model fails its test.
    return lines + [
        "Port will reject the registration while any enabled model fails. To register "
        "only the models that answered, replace the bedrock models (or overrides) in "
        "the config file with:",
        "",
        *suggest_models_yaml(report.passing).splitlines(),
    ]
