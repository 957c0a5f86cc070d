"""Markdown for a pull-request comment: verdict and blockers first, detail folded away."""

from __future__ import annotations

from reviewer.render import RenderOptions
from reviewer.render.grouping import ICONS, by_file, change_text
from reviewer.render.narrative import markdown_lines as narrative_markdown
from reviewer.report import Report
from reviewer.severity import Severity

_VERDICT_ICON = {"pass": "✅", "warn": "⚠️", "block": "🛑"}


def cell(text: str, limit: int = 160) -> str:
    """Text safe inside a table cell: no pipes or newlines breaking the row."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def code(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text.replace('|', '&#124;')}{pad}{fence}"


def render(report: Report, options: RenderOptions) -> str:
    counts = report.counts()
    verdict = report.verdict.value
    out = [f"## {_VERDICT_ICON[verdict]} reviewer: **{verdict.upper()}**", ""]
    parts = [f"{counts[s]} {s.value}" for s in (Severity.BLOCK, Severity.WARN, Severity.INFO)]
    if report.waived_count:
        parts.append(f"{report.waived_count} waived")
    cov = report.coverage
    out.append(f"{' · '.join(parts)} — {cov.files} file{'s' if cov.files != 1 else ''} "
               f"changed, {cov.analyzed} analyzed")
    out.append("")
    if report.findings:
        out += ["| | Where | Finding | Change |", "|---|---|---|---|"]
        for path, findings in by_file(report.findings):
            for f in findings:
                icon = "💤" if f.waived else ICONS[f.severity]
                where = code(f"{path}:{f.line}") + (" (deleted)" if f.side.value == "old" else "")
                what = f"**{cell(f.title or f.rule_id)}** <sub>{cell(f.rule_id)}</sub>"
                change = change_text(f) or f.evidence
                out.append(f"| {icon} | {where} | {what} | {code(change)} |")
        out.append("")
    if report.decision.required_actions:
        out.append("### Before merging")
        out.extend(f"- {cell(a, 400)}" for a in report.decision.required_actions)
        out.append("")
    if report.findings:
        out.append("<details><summary>Why these findings matter</summary>")
        out.append("")
        for f in report.findings:
            note = f" _(severity {cell(f.severity_note)})_" if f.severity_note else ""
            out.append(f"- **{cell(f.rule_id)}** at {code(f'{f.path}:{f.line}')}: "
                       f"{cell(f.message, 400)}{note}")
        out.append("")
        out.append("</details>")
        out.append("")
    out.extend(narrative_markdown(report.narrative))
    if cov.skipped or cov.degraded or cov.errors:
        out.append("<details><summary>Coverage</summary>")
        out.append("")
        out.extend(f"- skipped {code(s.path)}: {cell(s.why)}" for s in cov.skipped)
        out.extend(f"- partial {code(s.path)}: {cell(s.why)}" for s in cov.degraded)
        out.extend(f"- ⛔ {cell(e, 400)}" for e in cov.errors)
        out.append("")
        out.append("</details>")
        out.append("")
    return "\n".join(out)
