"""Where an output that shows the head revision puts a finding (SARIF, annotations, GitLab).

A finding on a deleted line (``side: old``) has no line at the head revision: it goes to the
nearest line that survived, and its message keeps the old line number so nothing is lost.
"""

from __future__ import annotations

from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.report import Report


class Placement(NamedTuple):
    path: str
    line: int | None
    """Line at the head revision; None when the file no longer exists there."""
    note: str
    """What the message must add so the original location is not lost ('' for new-side)."""


def place(report: Report, finding: Finding) -> Placement:
    if finding.side is not Side.OLD:
        return Placement(finding.path, finding.line, "")
    if report.shape.is_deleted(finding.path):
        return Placement(finding.path, None, f"(in the deleted file, at its line {finding.line})")
    line = report.shape.surviving_line(finding.path, finding.line)
    return Placement(finding.path, line,
                     f"(on a deleted line: line {finding.line} before this change)")


def with_note(message: str, placement: Placement) -> str:
    return f"{message} {placement.note}" if placement.note else message
