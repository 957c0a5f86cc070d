"""What the policy means for one path: its scope and tiers, each rule's effective severity, the
exceptions and requirements that reach it. Used by ``reviewer policy explain``."""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from reviewer.analyzers.ruleset import RuleSet
from reviewer.analyzers.scope import ScopeClassifier, adjust
from reviewer.pathglob import matches_any
from reviewer.policy.model import Policy, PolicyException, Tier
from reviewer.policy.severity import effective


class RuleAtPath(NamedTuple):
    rule_id: str
    category: str
    rule_severity: str
    severity: str
    notes: tuple[str, ...]
    combination: bool


class PathExplained(NamedTuple):
    path: str
    scope: str
    scope_from: str
    tiers: tuple[Tier, ...]
    rules: tuple[RuleAtPath, ...]
    disabled: tuple[str, ...]
    exceptions: tuple[tuple[PolicyException, str], ...]
    """Each exception naming this path, with active | expired."""
    requirements: tuple[str, ...]


def explain_path(path: str, policy: Policy | None, ruleset: RuleSet, full: RuleSet,
                 today: datetime.date) -> PathExplained:
    """``ruleset`` is fitted to the policy; ``full`` has every rule (to show disabled ones)."""
    path = path.strip().removeprefix("./")
    classifier = policy.classifier() if policy is not None else ScopeClassifier()
    scope = classifier.classify(path)
    tiers = tuple(t for t in (policy.tiers if policy else ()) if t.covers(path))
    scoped_by = next((t for t in tiers if t.scope == scope.value), None)
    scope_from = (f"tier {scoped_by.name} ({scoped_by.where})" if scoped_by is not None
                  else "the words in the path" if scope.value != "default" else "no match")
    rules = []
    applicable = [(r, False) for r in ruleset.for_path(path)]
    applicable += [(r, True) for r in ruleset.combinations if matches_any(path, r.files)]
    for rule, combination in applicable:
        severity, note = adjust(rule.severity, scope, rule.scope)
        notes = [f"scope {note}"] if note else []
        if policy is not None:
            severity, more = effective(severity, rule.id, rule.category, path, policy.tiers,
                                       policy.overrides)
            notes += more
        rules.append(RuleAtPath(rule.id, rule.category, rule.severity.value, severity.value,
                                tuple(notes), combination))
    rules.sort(key=lambda r: (_RANK[r.severity], r.rule_id))
    disabled = tuple(r for r in (policy.disabled if policy else ())
                     if (off := full.get(r)) is not None and matches_any(path, off.files))
    exceptions = tuple((e, "expired" if e.expired(today) else "active")
                       for e in (policy.exceptions if policy else ())
                       if matches_any(path, (e.path,)))
    requirements = tuple(
        f"{r.label} → " + ", ".join([*(f"'{s}' section" for s in r.sections),
                                     *([r.action] if r.action else [])])
        for r in (policy.requirements if policy else ())
        if (not r.tier_paths or matches_any(path, r.tier_paths))
        and (not r.paths or matches_any(path, r.paths))
        and (not r.scopes or scope.value in r.scopes))
    return PathExplained(path, scope.value, scope_from, tiers, tuple(rules), disabled,
                         exceptions, requirements)


_RANK = {"block": 0, "warn": 1, "info": 2}


def as_text(e: PathExplained, source: str) -> str:
    lines = [f"{e.path}", f"  source: {source}", f"  scope:  {e.scope} (from {e.scope_from})"]
    for tier in e.tiers:
        how = ", ".join(x for x in (f"scope {tier.scope}" if tier.scope else "",
                                    f"shift {tier.shift}" if tier.shift else "") if x)
        lines.append(f"  tier:   {tier.name}" + (f" ({how})" if how else "")
                     + f"  [{tier.where}]")
    lines.append("")
    lines.append(f"Rules that apply here ({len(e.rules)}), with their severity on this path:")
    width = max((len(r.rule_id) for r in e.rules), default=10)
    for r in e.rules:
        moved = f"{r.rule_severity} → {r.severity}" if r.rule_severity != r.severity \
            else r.severity
        kind = "  (combination)" if r.combination else ""
        lines.append(f"  {r.rule_id:<{width}}  {moved:<14} {r.category}{kind}")
        lines.extend(f"  {'':<{width}}    {note}" for note in r.notes)
    if e.disabled:
        lines.append(f"Disabled by the policy: {', '.join(e.disabled)}")
    if e.exceptions:
        lines.append("Exceptions covering this path:")
        lines.extend(f"  {x.rule} on {x.path}: {state}, until {x.expires.isoformat()}, owner "
                     f"{x.owner} [{x.where}]: {x.reason}" for x, state in e.exceptions)
    if e.requirements:
        lines.append("Requirements findings here can trigger:")
        lines.extend(f"  {r}" for r in e.requirements)
    return "\n".join(lines) + "\n"


def as_json(e: PathExplained, source: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": e.path, "scope": e.scope, "scope_from": e.scope_from, "policy": source,
        "tiers": [{"name": t.name, "scope": t.scope, "shift": t.shift, "where": t.where}
                  for t in e.tiers],
        "rules": [{"id": r.rule_id, "category": r.category, "rule_severity": r.rule_severity,
                   "severity": r.severity, "notes": list(r.notes),
                   "combination": r.combination} for r in e.rules],
        "disabled": list(e.disabled),
        "exceptions": [{"rule": x.rule, "path": x.path, "status": state, "owner": x.owner,
                        "reason": x.reason, "expires": x.expires.isoformat(),
                        "where": x.where} for x, state in e.exceptions],
        "requirements": list(e.requirements),
    }
