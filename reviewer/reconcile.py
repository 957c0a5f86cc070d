"""The decision: a pure function from findings (and later narrative and policy) to a verdict.

Invariant: the final verdict is the deterministic verdict, raised at most to ``warn`` by
anything non-deterministic; nothing here can lower it or drop a finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.severity import Severity, Verdict

MAX_LOCATIONS = 3


class Decision(NamedTuple):
    verdict: Verdict
    deterministic_verdict: Verdict
    reasons: tuple[str, ...]
    required_actions: tuple[str, ...]


def deterministic_verdict(findings: Sequence[Finding]) -> Verdict:
    """Highest severity among findings that are not waived; info findings pass."""
    verdict = Verdict.PASS
    for finding in findings:
        if not finding.waived:
            verdict = max(verdict, Verdict.of(finding.severity))
    return verdict


def reconcile(findings: Sequence[Finding], *, incomplete: Sequence[str] = ()) -> Decision:
    """Decide. ``incomplete`` lists analyzer failures: they are reasons, never a pass."""
    verdict = deterministic_verdict(findings)
    reasons = list(_reasons(findings))
    reasons.extend(f"analysis incomplete: {error}" for error in incomplete)
    if not reasons:
        reasons.append("no findings at warn or block")
    return Decision(verdict, verdict, tuple(reasons), tuple(_actions(findings)))


def _by_rule(findings: Sequence[Finding], severity: Severity) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity is severity and not finding.waived:
            groups.setdefault(finding.rule_id, []).append(finding)
    return groups


def _reasons(findings: Sequence[Finding]) -> list[str]:
    out = []
    for severity in (Severity.BLOCK, Severity.WARN):
        for rule_id, group in _by_rule(findings, severity).items():
            where = ", ".join(f"{f.path}:{f.line}" for f in group[:MAX_LOCATIONS])
            more = f" (+{len(group) - MAX_LOCATIONS} more)" if len(group) > MAX_LOCATIONS else ""
            title = group[0].title or group[0].message
            out.append(f"{severity.value}: {title} [{rule_id}] at {where}{more}")
    return out


def _actions(findings: Sequence[Finding]) -> list[str]:
    out = []
    for rule_id, group in _by_rule(findings, Severity.BLOCK).items():
        remediation = group[0].remediation.strip().split("\n")[0]
        if remediation:
            out.append(f"{rule_id}: {remediation}")
    return out
