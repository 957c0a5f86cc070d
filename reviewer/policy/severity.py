"""How the policy moves a finding's severity: tier shifts, then overrides (pure).

Order: the rule's severity, moved by the path's scope (in the engine), then one step per
matching tier with a ``shift``, then the last matching override. Findings about the review's
own configuration never drop below warn.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.analyzers.findings import Finding
from reviewer.policy.model import Policy, SeverityOverride, Tier
from reviewer.policy.source import SELF_CONFIG
from reviewer.severity import Severity


def effective(severity: Severity, rule_id: str, category: str, path: str,
              tiers: Sequence[Tier], overrides: Sequence[SeverityOverride]
              ) -> tuple[Severity, list[str]]:
    """The severity after the policy, and a note for each step that moved it."""
    notes = []
    for tier in tiers:
        if tier.shift is None or not tier.covers(path):
            continue
        moved = severity.raised() if tier.shift == "raise" else severity.lowered()
        if moved != severity:
            verb = "raised" if moved > severity else "lowered"
            notes.append(f"{verb} from {severity.value} to {moved.value}: tier {tier.name} "
                         f"({tier.where})")
            severity = moved
    chosen = next((o for o in reversed(overrides) if o.selects(rule_id, category, path)), None)
    if chosen is not None and chosen.severity != severity:
        notes.append(f"set from {severity.value} to {chosen.severity.value} by policy "
                     f"override ({chosen.where})")
        severity = chosen.severity
    if category == SELF_CONFIG and severity < Severity.WARN:
        notes.append("kept at warn: changes to the review's configuration")
        severity = Severity.WARN
    return severity, notes


def apply_policy(findings: Sequence[Finding], policy: Policy) -> tuple[Finding, ...]:
    """The findings with the policy's severities; each move is noted on the finding."""
    if not policy.overrides and not any(t.shift for t in policy.tiers):
        return tuple(findings)
    out = []
    for f in findings:
        severity, notes = effective(f.severity, f.rule_id, f.category, f.path, policy.tiers,
                                    policy.overrides)
        if notes:
            note = "; ".join([f.severity_note, *notes] if f.severity_note else notes)
            f = f._replace(severity=severity, severity_note=note)
        out.append(f)
    return tuple(out)
