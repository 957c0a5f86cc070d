"""The decision: a pure function from findings, narrative signal, policy and description to a
verdict, its reasons, the required actions and the waivers used.

Invariants: the final verdict is the deterministic verdict, raised at most to ``warn`` by the
narrative; nothing non-deterministic can lower it, drop a finding, or produce ``block``. Only
an exception of the policy waives a block finding, only what it names, and only until it
expires; inline annotations waive warn/info findings only.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.policy.waivers import Annotation, Waiver, decide_waivers
from reviewer.severity import Severity, Verdict

if TYPE_CHECKING:
    from reviewer.policy.model import PolicyException, Requirement

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
    exceptions: tuple[PolicyException, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    today: datetime.date | None = None
    """The date exceptions are checked against; without one no exception applies."""


class Decision(NamedTuple):
    verdict: Verdict
    deterministic_verdict: Verdict
    """The verdict of the findings after waivers, before the narrative."""
    reasons: tuple[str, ...]
    required_actions: tuple[str, ...]
    narrative_escalated: bool = False
    waivers: tuple[Waiver, ...] = ()


def deterministic_verdict(findings: Sequence[Finding]) -> Verdict:
    """Highest severity among findings that are not waived; info findings pass."""
    verdict = Verdict.PASS
    for finding in findings:
        if not finding.waived:
            verdict = max(verdict, Verdict.of(finding.severity))
    return verdict


def reconcile(findings: Sequence[Finding], *, narrative: NarrativeSignal | None = None,
              policy: ReconcilePolicy | None = None, description: str | None = None,
              annotations: Sequence[Annotation] = (),
              incomplete: Sequence[str] = ()) -> Decision:
    """Decide. ``incomplete`` lists analyzer failures: they are reasons, never a pass.
    ``description`` is the pull request's text (None when not given); ``annotations`` are the
    inline waivers written in the change."""
    policy = policy or ReconcilePolicy()
    outcome = decide_waivers(findings, policy.exceptions, annotations, policy.today)
    findings = outcome.findings
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
    reasons.extend(outcome.notes)
    reasons.extend(_waived(outcome.waivers))
    actions = _actions(findings)
    if policy.requirements:
        from reviewer.policy.requirements import required_actions

        actions += required_actions(findings, policy.requirements, description)
    return Decision(verdict, base, tuple(reasons), tuple(actions), escalated, outcome.waivers)


def _waived(waivers: Sequence[Waiver]) -> list[str]:
    out = []
    for w in waivers:
        terms = f", owner {w.owner}, until {w.expires.isoformat()}" if w.expires else ""
        out.append(f"waived: {w.severity.value} {w.rule_id} at {w.path}:{w.line} by {w.by} "
                   f"({w.where}{terms}): {w.reason}")
    return out


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
