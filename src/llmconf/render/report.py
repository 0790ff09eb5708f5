"""The apply report as text: what was done, what failed and why, what was not tried."""

from __future__ import annotations

from llmconf.applier import ActionResult, ApplyReport
from llmconf.redact import scrub
from llmconf.render.values import printable


def render_report(report: ApplyReport) -> str:
    """Return the closing lines of an apply, successful or not."""
    if report.ok:
        return _complete_line(report) + "\n"

    lines = [_stop_line(report)]
    for result in report.results:
        lines += _result_lines(result)
    lines.append(_complete_line(report, partial=True))
    return "\n".join(lines) + "\n"


def model_fix(provider: str, tested: dict[str, dict]) -> list[str]:
    """Return the YAML that keeps only the models Port's connection test passed."""
    passed = sorted(m for m, r in tested.items() if r.get("isValid"))
    if not passed:
        return [
            "  No model passed the connection test: check the secret's value, the",
            "  credentials' access and the provider config before retrying.",
        ]
    return [
        "  To register with only the models that passed, set in the file:",
        "    providers:",
        f"      {provider}:",
        f"        models: [{', '.join(passed)}]",
    ]


def _stop_line(report: ApplyReport) -> str:
    for result in report.results:
        if result.status == "failed":
            return f"Apply stopped: {result.action.title} failed."
        if result.status == "interrupted":
            return f"Apply interrupted during {result.action.title}."
        if result.status == "not attempted" and result.error:
            return f"Apply stopped before {result.action.title}: {result.error}"
    return "Apply stopped."


def _result_lines(result: ActionResult) -> list[str]:
    title = printable(result.action.title)
    if result.status == "done":
        return [f"  done:          {title} ({result.seconds:.1f}s)"]
    if result.status == "not attempted":
        return [f"  not attempted: {title}"]
    if result.status == "interrupted":
        return [f"  interrupted:   {title}: {result.error}; run plan to see"]

    lines = [f"  failed:        {title}: {scrub(result.error)}"]
    if result.tested_models:
        lines.append("      Port saved nothing for this provider. Per-model results:")
    for model, outcome in sorted(result.tested_models.items()):
        verdict = "ok" if outcome.get("isValid") else "FAILED"
        message = printable(scrub(str(outcome.get("message", ""))))
        lines.append(f"      {model}: {verdict}{'  ' + message if message else ''}")
    if result.tested_models:
        lines += model_fix(result.action.provider, result.tested_models)
    return lines


def _complete_line(report: ApplyReport, partial: bool = False) -> str:
    done = [r.action for r in report.with_status("done")]
    counts = {
        kind: sum(1 for a in done if a.kind == kind)
        for kind in ("create", "update", "delete", "set_defaults")
    }
    defaults = "defaults set" if counts["set_defaults"] else "defaults unchanged"
    head = "Applied before stopping:" if partial else "Apply complete!"
    return (
        f"{head} {counts['create']} created, {counts['update']} updated, "
        f"{counts['delete']} deleted, {defaults}."
    )
