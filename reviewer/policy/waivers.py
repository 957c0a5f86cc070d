"""Waivers: policy exceptions (any severity) and inline annotations (warn and info only).

A change cannot approve itself: an annotation it adds can quiet warn/info findings with a
reason, but a block finding is waived only by an exception recorded in the base revision's
policy, and never after that exception's expiry date. Waived findings stay in the report.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import ChangeSet, DiffLine, Hunk, LineKind, Side
from reviewer.policy.source import SELF_CONFIG
from reviewer.severity import Severity

if TYPE_CHECKING:
    from reviewer.policy.model import PolicyException

_ANNOTATION = re.compile(r"reviewer:\s*allow\b(?P<rest>.*)")
_RULES = re.compile(r"\s+(?P<rules>[a-z0-9]+(?:-[a-z0-9]+)*(?:\s*,\s*[a-z0-9]+(?:-[a-z0-9]+)*)*)"
                    r"\s+--\s*(?P<reason>.*)$")
_COMMENT_END = re.compile(r"\s*(?:-->|\*/|\*\)|%>|#>)\s*$")


class Annotation(NamedTuple):
    """``reviewer: allow <rule-id>[, <rule-id>] -- <reason>`` written in a changed file."""

    path: str
    line: int
    """New-side line of the annotation."""
    rules: tuple[str, ...]
    reason: str
    new_lines: tuple[int, ...]
    """New-side lines it covers: its own and the next."""
    old_lines: tuple[int, ...]
    """Deleted lines it covers: those in the same block of changes."""
    problem: str | None = None
    """Why the annotation is ignored (no reason given, unreadable)."""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def covers(self, finding: Finding) -> bool:
        if finding.path != self.path or finding.rule_id not in self.rules:
            return False
        lines = self.old_lines if finding.side is Side.OLD else self.new_lines
        return finding.line in lines


class Waiver(NamedTuple):
    """One finding waived, and by what."""

    fingerprint: str
    rule_id: str
    path: str
    line: int
    severity: Severity
    by: str
    """exception | inline"""
    reason: str
    where: str
    """The exception's place in the policy file, or the annotation's place in the change."""
    owner: str | None = None
    expires: datetime.date | None = None


class Outcome(NamedTuple):
    findings: tuple[Finding, ...]
    """The findings, waived ones marked."""
    waivers: tuple[Waiver, ...]
    notes: tuple[str, ...]
    """Waivers that did not apply and why: expired exceptions, refused annotations."""


def find_annotations(changes: ChangeSet) -> tuple[Annotation, ...]:
    """Every inline waiver annotation on the added and context lines of the change."""
    found: list[Annotation] = []
    for change in changes.files:
        for hunk in change.hunks:
            found.extend(_in_hunk(change.path, hunk))
    return tuple(found)


def _in_hunk(path: str, hunk: Hunk) -> Iterable[Annotation]:
    lines = hunk.lines
    for index, line in enumerate(lines):
        if line.kind is LineKind.REMOVED or "reviewer:" not in line.text:
            continue
        match = _ANNOTATION.search(line.text)
        if match is None:
            continue
        assert line.new_no is not None
        parsed = _RULES.match(_COMMENT_END.sub("", match.group("rest")))
        reason = parsed.group("reason").strip() if parsed else ""
        rules = tuple(r.strip() for r in parsed.group("rules").split(",")) if parsed else ()
        problem = None
        if parsed is None:
            problem = "not of the form 'reviewer: allow <rule-id> -- <reason>'"
        elif not reason:
            problem = "no reason after '--'"
        yield Annotation(path, line.new_no, rules, reason, (line.new_no, line.new_no + 1),
                         _deleted_nearby(lines, index), problem)


def _deleted_nearby(lines: Sequence[DiffLine], index: int) -> tuple[int, ...]:
    """Old line numbers of the deleted lines in the block of changes around ``index`` (an
    added annotation) or right after it (an annotation already in the file)."""
    start = index
    if lines[index].kind is LineKind.ADDED:
        while start > 0 and lines[start - 1].kind is not LineKind.CONTEXT:
            start -= 1
    end = index + 1
    while end < len(lines) and lines[end].kind is not LineKind.CONTEXT:
        end += 1
    return tuple(ln.old_no for ln in lines[start:end]
                 if ln.kind is LineKind.REMOVED and ln.old_no is not None)


def decide_waivers(findings: Sequence[Finding], exceptions: Sequence[PolicyException],
                   annotations: Sequence[Annotation],
                   today: datetime.date | None) -> Outcome:
    """Which findings are waived. Pure: the same inputs give the same waivers.

    Without a date no exception can be shown to be current, so none applies.
    """
    marked: list[Finding] = []
    waivers: list[Waiver] = []
    notes: list[str] = []
    for finding in findings:
        waiver = None
        if not finding.waived:
            waiver = _by_exception(finding, exceptions, today, notes)
            if waiver is None:
                waiver = _by_annotation(finding, annotations, notes)
        if waiver is not None:
            waivers.append(waiver)
            finding = finding._replace(waived=True)
        marked.append(finding)
    notes.extend(_unusable(annotations))
    return Outcome(tuple(marked), tuple(waivers), tuple(dict.fromkeys(notes)))


def _by_exception(finding: Finding, exceptions: Sequence[PolicyException],
                  today: datetime.date | None, notes: list[str]) -> Waiver | None:
    for exc in exceptions:
        if not exc.names(finding):
            continue
        if today is None or exc.expired(today):
            notes.append(f"exception for {exc.rule} on {exc.path} ({exc.where}) expired on "
                         f"{exc.expires.isoformat()}: {finding.path}:{finding.line} is not "
                         "waived")
            continue
        return Waiver(finding.fingerprint, finding.rule_id, finding.path, finding.line,
                      finding.severity, "exception", exc.reason, exc.where, exc.owner,
                      exc.expires)
    return None


def _by_annotation(finding: Finding, annotations: Sequence[Annotation],
                   notes: list[str]) -> Waiver | None:
    for note in annotations:
        if note.problem is not None or not note.covers(finding):
            continue
        if finding.severity is Severity.BLOCK:
            notes.append(f"inline waiver at {note.where} cannot waive the block finding "
                         f"{finding.rule_id} at {finding.path}:{finding.line}: only an "
                         "exception in the base revision's policy can")
            continue
        if finding.category == SELF_CONFIG:
            notes.append(f"inline waiver at {note.where} cannot waive {finding.rule_id}: "
                         "a change to the review's own configuration needs an owner's review")
            continue
        return Waiver(finding.fingerprint, finding.rule_id, finding.path, finding.line,
                      finding.severity, "inline", note.reason, note.where)
    return None


def _unusable(annotations: Sequence[Annotation]) -> Iterable[str]:
    for note in annotations:
        if note.problem is not None:
            yield f"inline waiver at {note.where} ignored: {note.problem}"


def mark_waived(findings: Sequence[Finding], waivers: Sequence[Waiver]) -> tuple[Finding, ...]:
    waived = {w.fingerprint for w in waivers}
    return tuple(f._replace(waived=True) if f.fingerprint in waived else f for f in findings)
