"""GitLab Code Quality report (a JSON array of Code Climate issues) for merge request widgets.

GitLab shows issues at the head revision, so deleted-line findings sit at the nearest
surviving line and name their old line. GitLab has no notion of a waiver: waived findings are
kept, as ``info``, with "waived" in their description.
"""

from __future__ import annotations

import json
from typing import Any

from reviewer.analyzers.findings import Finding
from reviewer.render import RenderOptions
from reviewer.render.grouping import worst_first
from reviewer.render.placement import place, with_note
from reviewer.report import Report
from reviewer.severity import Severity

_SEVERITIES = {Severity.BLOCK: "blocker", Severity.WARN: "major", Severity.INFO: "info"}


def severity(finding: Finding) -> str:
    """Code Quality severity: info, minor, major, critical or blocker."""
    return "info" if finding.waived else _SEVERITIES[finding.severity]


def render(report: Report, options: RenderOptions) -> str:
    issues = [issue(report, f) for f in worst_first(report.findings)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def issue(report: Report, f: Finding) -> dict[str, Any]:
    where = place(report, f)
    title = f.title or f.rule_id
    description = f"{'Waived: ' if f.waived else ''}{title}: {with_note(f.message, where)}"
    return {
        "type": "issue",
        "check_name": f.rule_id,
        "description": description,
        "content": {"body": f.remediation.strip()},
        "categories": ["Bug Risk"],
        "severity": severity(f),
        "fingerprint": f.fingerprint,
        # GitLab needs a line; a file that is gone has none, and line 1 is where it began.
        "location": {"path": where.path, "lines": {"begin": where.line or 1}},
    }
