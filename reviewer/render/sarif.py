"""SARIF 2.1.0: one run for code-scanning tools (GitHub code scanning, IDE viewers).

Results sit at the head revision (deleted-line findings at the nearest surviving line, the old
line kept in the message); ``partialFingerprints`` carries the finding fingerprint, built from
the rule, the file and what matched, so an alert survives pushes that shift lines.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import quote

from reviewer import __version__
from reviewer.analyzers.findings import Finding
from reviewer.categories import DESCRIPTIONS
from reviewer.render import RenderOptions
from reviewer.render.grouping import worst_first
from reviewer.render.placement import place, with_note
from reviewer.report import Report
from reviewer.severity import Severity

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
MAX_RESULTS = 25_000
"""GitHub code scanning rejects a run with more results than this."""
FINGERPRINT_KEY = "reviewer/v1"

_LEVELS = {Severity.BLOCK: "error", Severity.WARN: "warning", Severity.INFO: "note"}


def level(severity: Severity) -> str:
    """The one mapping from a finding's severity to a SARIF result level."""
    return _LEVELS[severity]


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    kept, cut = cap(report.findings, max_results)
    rules = _rules(kept)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = [_notification("error", f"analysis incomplete: {error}")
                     for error in report.coverage.errors]
    if cut:
        notifications.append(_notification("warning", cut_message(cut, max_results)))
    notifications += [_notification("note", f"skipped {s.path}: {s.why}")
                      for s in report.coverage.skipped]
    notifications += [_notification("note", f"analyzed with less precision {s.path}: {s.why}")
                      for s in report.coverage.degraded]
    invocation: dict[str, Any] = {"executionSuccessful": not report.coverage.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "reviewer", "version": __version__, "semanticVersion": __version__,
            "rules": rules,
        }},
        "invocations": [invocation],
        "results": [_result(report, f, index[f.rule_id]) for f in kept],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "verdict": report.verdict.value,
            "deterministicVerdict": report.decision.deterministic_verdict.value,
            "resultsOmitted": {s.value: n for s, n in sorted(
                cut.items(), key=lambda item: -item[0].rank)},
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def cap(findings: tuple[Finding, ...], limit: int) -> tuple[list[Finding], dict[Severity, int]]:
    """The ``limit`` most severe findings (waived ones last), and how many of each were cut."""
    ordered = worst_first(findings)
    cut: dict[Severity, int] = {}
    for finding in ordered[limit:]:
        cut[finding.severity] = cut.get(finding.severity, 0) + 1
    return ordered[:limit], cut


def cut_message(cut: dict[Severity, int], limit: int) -> str:
    parts = ", ".join(f"{n} {s.value}" for s, n in sorted(cut.items(), key=lambda i: -i[0].rank))
    return (f"{sum(cut.values())} results left out to stay within the {limit:,}-result limit of a "
            f"SARIF run: {parts} (least severe first); the text or JSON report has them all")


def _rules(findings: list[Finding]) -> list[dict[str, Any]]:
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.rule_id, finding)
    return [_rule(first[rule_id]) for rule_id in sorted(first)]


def _rule(f: Finding) -> dict[str, Any]:
    title = f.title or f.rule_id
    about = DESCRIPTIONS.get(f.category, "")
    remediation = " ".join(f.remediation.split())
    explain = f"`reviewer rules explain {f.rule_id}` shows what it catches, why, and examples."
    return {
        "id": f.rule_id,
        "name": "".join(part.capitalize() for part in f.rule_id.split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title}. Risk category {f.category}"
                                    + (f": {about}." if about else ".")},
        "help": {"text": f"{remediation}\n\n{explain}".strip(),
                 "markdown": f"**What to do instead:** {remediation}\n\n{explain}".strip()},
        "properties": {"tags": [f.category, f.category.split(".")[0], "change-risk"],
                       "precision": f.confidence},
    }


def _result(report: Report, f: Finding, rule_index: int) -> dict[str, Any]:
    where = place(report, f)
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(where.path),
                                                     "uriBaseId": "%SRCROOT%"}}
    if where.line is not None:
        physical["region"] = {"startLine": where.line}
    properties: dict[str, Any] = {"category": f.category, "scope": f.scope, "side": f.side.value,
                                  "line": f.line, "evidence": f.evidence}
    if f.key is not None:
        properties.update(key=f.key, before=f.before, after=f.after)
    if f.severity_note:
        properties["severityNote"] = f.severity_note
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": with_note(f.message, where)},
        "locations": [{"physicalLocation": physical}],
        # GitHub matches alerts across pushes on primaryLocationLineHash: ours is anchored on
        # what matched, not on the line's text, so a deleted-line finding keeps its identity.
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint,
                                "primaryLocationLineHash": f.fingerprint},
        "properties": properties,
    }
    if f.waived:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "waived by the review policy"}]
    return result


@functools.lru_cache(maxsize=4096)
def _uri(path: str) -> str:
    """A repository path as a relative URI reference (spaces and non-ASCII escaped)."""
    return quote(path, safe="/")


def _notification(level_name: str, text: str) -> dict[str, Any]:
    return {"level": level_name, "message": {"text": text}}
