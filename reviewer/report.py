"""The final report every renderer reads, and its JSON form (schema_version 1)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reviewer import __version__
from reviewer.analyzers.engine import Skipped
from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Source
from reviewer.diff.shape import DiffShape
from reviewer.policy.source import PolicyReport
from reviewer.policy.waivers import Waiver
from reviewer.reconcile import Decision
from reviewer.severity import Severity, Verdict

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Concern:
    path: str
    line: int
    text: str
    severity: str
    grounded: bool
    side: str = "new"
    quote: str = ""
    """The line the model says the concern rests on, as it quoted it."""


@dataclass(frozen=True)
class TokenUse:
    prompt: int = 0
    """Tokens in the first request's messages, counted offline before sending."""
    budget: int = 0
    """Token budget for the change as shown (findings and hunks)."""
    tokenizer: str = ""
    sent: int = 0
    received: int = 0
    """Input and output tokens over all requests, as the endpoint reported them."""


@dataclass(frozen=True)
class GroundingCounts:
    grounded: int = 0
    ungrounded: int = 0
    """Kept, marked ``grounded: false``: the line or quote does not match the file."""
    dropped: int = 0
    """Left out: the path is not in the change."""


@dataclass(frozen=True)
class NarrativeReport:
    status: str
    """ok | disabled | failed | skipped"""
    model: str = ""
    summary: str = ""
    concerns: tuple[Concern, ...] = ()
    error: str | None = None
    reason: str | None = None
    """Why the narrative is disabled or skipped, in words."""
    prompt: str = ""
    """Prompt template ``name@vN``."""
    output_mode: str = ""
    """json_schema | json_object | tool_calling: how the structured answer was obtained."""
    blast_radius: str = ""
    questions: tuple[str, ...] = ()
    pre_merge_checks: tuple[str, ...] = ()
    post_merge_checks: tuple[str, ...] = ()
    tokens: TokenUse = TokenUse()
    redactions: int = 0
    """Distinct credential-like values replaced before any prompt was built."""
    grounding: GroundingCounts = GroundingCounts()
    cache_hit: bool = False
    repaired: bool = False
    steps: int = 0
    """Model calls made (a cache hit makes none)."""
    tool_calls: int = 0
    tool_refusals: tuple[str, ...] = ()
    clipped: tuple[Skipped, ...] = ()
    """Parts of the change left out of the prompt for the token budget."""

    @classmethod
    def disabled(cls, reason: str) -> NarrativeReport:
        return cls(status="disabled", reason=reason)


@dataclass(frozen=True)
class Coverage:
    files: int
    analyzed: int
    skipped: tuple[Skipped, ...] = ()
    degraded: tuple[Skipped, ...] = ()
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    verdict: Verdict
    findings: tuple[Finding, ...]
    narrative: NarrativeReport
    decision: Decision
    coverage: Coverage
    source: Source
    notes: tuple[str, ...] = field(default=())
    policy: PolicyReport = field(default_factory=PolicyReport)
    """Where the policy came from and the state of its exceptions."""
    shape: DiffShape = field(default=DiffShape(), compare=False, repr=False)
    """Where the diff's lines sit, for outputs that place findings on the head revision."""

    def counts(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings if not f.waived)

    @property
    def waived_count(self) -> int:
        return sum(1 for f in self.findings if f.waived)


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id, "category": f.category, "severity": f.severity.value,
        "path": f.path, "line": f.line, "side": f.side.value, "message": f.message,
        "evidence": f.evidence, "fingerprint": f.fingerprint, "waived": f.waived,
        "title": f.title, "key": f.key, "before": f.before, "after": f.after,
        "scope": f.scope, "severity_note": f.severity_note, "remediation": f.remediation,
        "confidence": f.confidence,
    }


def to_json(report: Report) -> dict[str, Any]:
    counts = report.counts()
    n = report.narrative
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": report.verdict.value,
        "findings": [finding_json(f) for f in report.findings],
        "narrative": {
            "status": n.status, "model": n.model, "summary": n.summary,
            "concerns": [{"path": c.path, "line": c.line, "text": c.text,
                          "severity": c.severity, "grounded": c.grounded, "side": c.side,
                          "quote": c.quote} for c in n.concerns],
            "error": n.error, "reason": n.reason,
            **narrative_extras(n),
        },
        "decision": {
            "deterministic_verdict": report.decision.deterministic_verdict.value,
            "reasons": list(report.decision.reasons),
            "required_actions": list(report.decision.required_actions),
            "waivers": [_waiver_json(w) for w in report.decision.waivers],
        },
        "coverage": {
            "files": report.coverage.files, "analyzed": report.coverage.analyzed,
            "skipped": [{"path": s.path, "why": s.why} for s in report.coverage.skipped],
            "degraded": [{"path": s.path, "why": s.why} for s in report.coverage.degraded],
            "errors": list(report.coverage.errors),
            "narrative_clipped": [{"path": s.path, "why": s.why} for s in n.clipped],
        },
        "summary": {"block": counts[Severity.BLOCK], "warn": counts[Severity.WARN],
                    "info": counts[Severity.INFO], "waived": report.waived_count},
        "source": {"mode": report.source.mode.value, "label": report.source.label,
                   "base": report.source.base, "head": report.source.head},
        "notes": list(report.notes),
        "policy": policy_json(report.policy),
        "tool": {"name": "reviewer", "version": __version__},
    }


def _waiver_json(w: Waiver) -> dict[str, Any]:
    return {"fingerprint": w.fingerprint, "rule_id": w.rule_id, "path": w.path, "line": w.line,
            "severity": w.severity.value, "by": w.by, "reason": w.reason, "where": w.where,
            "owner": w.owner, "expires": w.expires.isoformat() if w.expires else None}


def policy_json(p: PolicyReport) -> dict[str, Any]:
    return {
        "origin": p.source.origin, "path": p.source.path, "revision": p.source.revision,
        "found": p.source.found, "fail_on": p.fail_on.value if p.fail_on else None,
        "disabled_rules": list(p.disabled), "rule_folders": list(p.rule_folders),
        "prompt_folders": list(p.prompt_folders),
        "exceptions": [{"status": e.status, "where": e.where, "rule": e.rule, "path": e.path,
                        "owner": e.owner, "reason": e.reason,
                        "expires": e.expires.isoformat() if e.expires else None,
                        "waived": e.waived, "problem": e.problem} for e in p.exceptions],
    }


def narrative_extras(n: NarrativeReport) -> dict[str, Any]:
    """Narrative fields added to schema v1 after its first release."""
    return {
        "prompt": n.prompt, "output_mode": n.output_mode, "blast_radius": n.blast_radius,
        "questions": list(n.questions), "pre_merge_checks": list(n.pre_merge_checks),
        "post_merge_checks": list(n.post_merge_checks),
        "tokens": {"prompt": n.tokens.prompt, "budget": n.tokens.budget,
                   "tokenizer": n.tokens.tokenizer, "sent": n.tokens.sent,
                   "received": n.tokens.received},
        "redactions": n.redactions,
        "grounding": {"grounded": n.grounding.grounded, "ungrounded": n.grounding.ungrounded,
                      "dropped": n.grounding.dropped},
        "cache_hit": n.cache_hit, "repaired": n.repaired, "steps": n.steps,
        "tool_calls": n.tool_calls, "tool_refusals": list(n.tool_refusals),
    }
