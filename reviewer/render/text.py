"""Terminal output: the verdict first, then findings grouped by file, then what to do."""

from __future__ import annotations

from reviewer.render import RenderOptions
from reviewer.render.grouping import by_file, change_text
from reviewer.render.narrative import text_lines as narrative_text
from reviewer.report import Report
from reviewer.severity import Severity, Verdict

_COLORS = {"block": "\033[1;31m", "warn": "\033[1;33m", "info": "\033[36m",
           "pass": "\033[1;32m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


def render(report: Report, options: RenderOptions) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if options.color else text

    counts = report.counts()
    lines = []
    verdict = report.verdict.value
    summary = (f"{counts[Severity.BLOCK]} block · {counts[Severity.WARN]} warn · "
               f"{counts[Severity.INFO]} info")
    if report.waived_count:
        summary += f" · {report.waived_count} waived"
    cov = report.coverage
    lines.append(f"{paint(verdict.upper(), verdict)}  {summary}  "
                 f"({cov.files} file{'s' if cov.files != 1 else ''} changed, "
                 f"{cov.analyzed} analyzed)")
    verdicts = (report.verdict, report.decision.deterministic_verdict)
    if any(v is not Verdict.PASS for v in verdicts):
        for reason in report.decision.reasons[:5]:
            lines.append(f"  why: {reason}")
        if len(report.decision.reasons) > 5:
            lines.append(f"  … and {len(report.decision.reasons) - 5} more reasons")
    for note in report.notes:
        lines.append(paint(f"  note: {note}", "dim"))
    waivers = {w.fingerprint: w for w in report.decision.waivers}
    for path, findings in by_file(report.findings):
        lines.append("")
        lines.append(paint(path, "bold") + paint(f"  [{findings[0].scope}]", "dim"))
        for f in findings:
            side = " (deleted line)" if f.side.value == "old" else ""
            tag = "waived" if f.waived else f.severity.value
            style = "dim" if f.waived else f.severity.value
            label = paint(f"[{f.rule_id} · {f.category}]", "dim")
            lines.append(f"  {f.line:>5}{side}  {paint(tag.upper(), style)}  "
                         f"{f.title or f.rule_id}  {label}")
            change = change_text(f) or f.evidence
            if change and change not in f.message:
                lines.append(f"         {change}")
            lines.append(f"         {f.message}")
            if f.severity_note:
                lines.append(paint(f"         severity {f.severity_note}", "dim"))
            waiver = waivers.get(f.fingerprint) if f.waived else None
            if waiver is not None:
                terms = f", {waiver.owner}, until {waiver.expires}" if waiver.expires else ""
                lines.append(paint(f"         waived by {waiver.by} ({waiver.where}{terms}): "
                                   f"{waiver.reason}", "dim"))
    if report.decision.required_actions:
        lines.append("")
        lines.append(paint("Before merging:", "bold"))
        lines.extend(f"  - {action}" for action in report.decision.required_actions)
    lines.append("")
    lines.extend(narrative_text(report.narrative, paint))
    if cov.skipped or cov.degraded or cov.errors:
        lines.append(paint("Coverage:", "dim"))
        for s in cov.skipped:
            lines.append(paint(f"  skipped {s.path}: {s.why}", "dim"))
        for s in cov.degraded:
            lines.append(paint(f"  partial {s.path}: {s.why}", "dim"))
        for error in cov.errors:
            lines.append(paint(f"  error: {error}", "block"))
    return "\n".join(lines) + "\n"
