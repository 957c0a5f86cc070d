"""Ordering shared by the human-readable renderers: worst first, then by file and line."""

from __future__ import annotations

from collections.abc import Iterable

from reviewer.analyzers.findings import Finding
from reviewer.report import Report
from reviewer.severity import Severity

ICONS = {Severity.BLOCK: "🛑", Severity.WARN: "⚠️", Severity.INFO: "ℹ️"}


def by_file(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Files ordered by their worst finding, findings within a file by line."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.path, []).append(finding)
    for group in groups.values():
        group.sort(key=lambda f: (f.line, -f.severity.rank, f.rule_id))
    return sorted(groups.items(), key=lambda item: (
        -max((f.severity.rank for f in item[1] if not f.waived), default=-1), item[0]))


def worst_first(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, waived last; then by file, line and rule (for outputs that show
    only the first few entries, or that must cut)."""
    return sorted(findings, key=lambda f: (f.waived, -f.severity.rank, f.path, f.line,
                                           f.rule_id, f.fingerprint))


def counts_text(report: Report) -> str:
    """``2 block · 2 warn · 1 info · 1 waived``"""
    counts = report.counts()
    parts = [f"{counts[s]} {s.value}" for s in (Severity.BLOCK, Severity.WARN, Severity.INFO)]
    if report.waived_count:
        parts.append(f"{report.waived_count} waived")
    return " · ".join(parts)


def change_text(finding: Finding) -> str | None:
    """``spec.replicas: 12 → 1`` for key findings, None otherwise."""
    if finding.key is None:
        return None
    return f"{finding.key}: {finding.before} → {finding.after}"


def location(finding: Finding) -> str:
    side = " (old)" if finding.side.value == "old" else ""
    return f"{finding.path}:{finding.line}{side}"
