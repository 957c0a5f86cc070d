"""The decision: a pure function from findings, narrative signal and policy to a verdict.

Invariants: the final verdict is the deterministic verdict, raised at most to ``warn`` by the
narrative; nothing non-deterministic can lower it, drop a finding, or produce ``block``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.severity import Severity, Verdict

MAX_LOCATIONS = 3


@dataclass(frozen=True)
class NarrativeSignal:
    """All the reconciler may know of the LLM narrative: whether it ran and how worried it
    is. Plain data, so this module never imports the narrative package."""

    status: str
    """ok | disabled | failed | skipped"""
    suggested: Verdict = Verdict.PASS
    """The most severe verdict the narrative's (grounded) concerns suggest."""
    reason: str = ""
    """One line a reviewer can read: why the narrative is concerned."""


@dataclass(frozen=True)
class ReconcilePolicy:
    """The parts of the policy that change the decision."""

    narrative_may_escalate: bool = True


class Decision(NamedTuple):
    verdict: Verdict
    deterministic_verdict: Verdict
    reasons: tuple[str, ...]
    required_actions: tuple[str, ...]
    narrative_escalated: bool = False


def deterministic_verdict(findings: Sequence[Finding]) -> Verdict:
    """Highest severity among findings that are not waived; info findings pass."""
    verdict = Verdict.PASS
    for finding in findings:
        if not finding.waived:
            verdict = max(verdict, Verdict.of(finding.severity))
    return verdict


def reconcile(findings: Sequence[Finding], *, narrative: NarrativeSignal | None = None,
              policy: ReconcilePolicy | None = None,
              incomplete: Sequence[str] = ()) -> Decision:
    """Decide. ``incomplete`` lists analyzer failures: they are reasons, never a pass."""
    policy = policy or ReconcilePolicy()
    base = deterministic_verdict(findings)
    reasons = list(_reasons(findings))
    reasons.extend(f"analysis incomplete: {error}" for error in incomplete)
    verdict, escalated = base, False
    if (narrative is not None and narrative.status == "ok" and policy.narrative_may_escalate
            and base is Verdict.PASS and narrative.suggested >= Verdict.WARN):
        # The narrative can only turn a pass into a warn: never block, never lower.
        verdict, escalated = Verdict.WARN, True
        reasons.append("warn: the LLM narrative raised concerns (advisory)"
                       + (f": {narrative.reason}" if narrative.reason else ""))
    if not reasons:
        reasons.append("no findings at warn or block")
    return Decision(verdict, base, tuple(reasons), tuple(_actions(findings)), escalated)


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
