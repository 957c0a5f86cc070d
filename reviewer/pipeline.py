"""The review, end to end: read the change, analyze, reconcile, assemble the report."""

from __future__ import annotations

import datetime
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.analyzers.engine import Analysis, analyze
from reviewer.analyzers.rule_cache import load_ruleset as load_cached
from reviewer.analyzers.ruleset import RuleSet
from reviewer.analyzers.scope import ScopeClassifier
from reviewer.diff.model import ChangeSet, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.diff.shape import DiffShape
from reviewer.errors import RuleError, UserError
from reviewer.policy.source import locate_policy, policy_report
from reviewer.policy.waivers import find_annotations, mark_waived
from reviewer.reconcile import NarrativeSignal, ReconcilePolicy, reconcile
from reviewer.report import Coverage, NarrativeReport, Report
from reviewer.resources import rules_dir

if TYPE_CHECKING:
    from reviewer.policy.model import Policy


@dataclass(frozen=True)
class ReviewRequest:
    diff: str | None = None
    """A diff file, or ``-`` for stdin."""
    base: str | None = None
    head: str | None = None
    repo: Path = Path(".")
    config: Path | None = None
    no_llm: bool = False
    description: str | None = None
    """The pull request's description, checked for the sections the policy requires."""
    today: datetime.date | None = None
    """The date policy exceptions are checked against (default: today in UTC)."""
    no_cache: bool = False
    """Ask the model even when a narrative for the same input is cached."""


def read_diff(spec: str) -> tuple[bytes, str]:
    if spec == "-":
        if sys.stdin.isatty():
            raise UserError("reading a diff from stdin, but stdin is a terminal: pipe a diff "
                            "in (git diff main... | reviewer review -)")
        return sys.stdin.buffer.read(), "<stdin>"
    path = Path(spec)
    if path.is_dir():
        raise UserError("is a directory, not a diff file", where=spec)
    try:
        return path.read_bytes(), spec
    except FileNotFoundError:
        raise UserError("diff file not found", where=spec) from None
    except OSError as exc:
        raise UserError(f"cannot read diff file: {exc.strerror}", where=spec) from None


def load_changes(request: ReviewRequest) -> ChangeSet:
    if request.base is not None:
        if request.diff is not None:
            raise UserError("give either a diff file or --base, not both")
        from reviewer.diff import git

        return git.load_changeset(request.repo, request.base, request.head or "HEAD")
    if request.head is not None:
        raise UserError("--head needs --base")
    if request.diff is None:
        raise UserError("nothing to review: give a diff file, - for stdin, or --base REV")
    data, label = read_diff(request.diff)
    return parse_diff(data, Source(SourceMode.DIFF, label))


def load_policy_for(request: ReviewRequest) -> Policy | None:
    """The policy, or None for the defaults (pydantic is only loaded for a policy file). In
    git mode it is read from the base revision, so a change cannot loosen its own review."""
    git_base = request.base if request.diff is None else None  # both: load_changes refuses
    return locate_policy(request.config, repo=request.repo, base=git_base)


def load_ruleset(policy: Policy | None) -> tuple[RuleSet, Policy | None]:
    """The bundled rules plus the policy's folders, fitted to the policy (disabled rules out,
    rule ids it names checked)."""
    if policy is None:
        return load_cached([rules_dir()]), None
    try:
        ruleset = load_cached([rules_dir(), *policy.rule_dirs])
    except RuleError as exc:  # name base-revision copies as the user knows them
        raise RuleError(policy.display(exc.message),
                        where=policy.display(exc.where) if exc.where else None) from None
    from reviewer.policy.load import fit_rules

    policy, ruleset = fit_rules(policy, ruleset)
    return ruleset, policy


def policy_step(policy: Policy | None, analysis: Analysis) -> Analysis:
    """The policy's tiers and overrides move the findings' severities."""
    if policy is None:
        return analysis
    from reviewer.policy.severity import apply_policy

    return analysis._replace(findings=apply_policy(analysis.findings, policy))


def narrative_step(request: ReviewRequest, policy: Policy | None, changes: ChangeSet,
                   analysis: Analysis) -> NarrativeReport:
    """The advisory LLM narrative. It sees the change and the findings, and returns a report
    the reconciler reads only through ``NarrativeSignal``."""
    if request.no_llm:
        return NarrativeReport.disabled("--no-llm given: deterministic review only")
    from reviewer.narrative.settings import configured

    if not configured(policy):
        return NarrativeReport.disabled("no LLM endpoint configured; set OPENAI_API_KEY or "
                                        "OPENAI_BASE_URL for a narrative")
    from reviewer.narrative.step import narrate

    return narrate(changes, analysis.findings, policy, no_cache=request.no_cache)


def narrative_signal(narrative: NarrativeReport) -> NarrativeSignal:
    """Only grounded concerns count; the reconciler caps what they can do at warn."""
    from reviewer.narrative.signal import signal_of

    return signal_of(narrative)


def reconcile_policy(policy: Policy | None,
                     today: datetime.date | None = None) -> ReconcilePolicy:
    today = today or datetime.datetime.now(datetime.UTC).date()
    if policy is None:
        return ReconcilePolicy(today=today)
    return ReconcilePolicy(policy.llm.narrative_may_escalate, policy.exceptions,
                           policy.requirements, today)


def review(request: ReviewRequest) -> tuple[Report, Policy | None]:
    """Read the change, analyze it, narrate it, decide, in that order."""
    policy = load_policy_for(request)
    ruleset, policy = load_ruleset(policy)
    changes = load_changes(request)
    analysis = analyze(changes, ruleset,
                       policy.classifier() if policy is not None else ScopeClassifier())
    analysis = policy_step(policy, analysis)
    narrative = narrative_step(request, policy, changes, analysis)
    terms = reconcile_policy(policy, request.today)
    decision = reconcile(analysis.findings, narrative=narrative_signal(narrative),
                         policy=terms, description=request.description,
                         annotations=find_annotations(changes), incomplete=analysis.errors)
    coverage = Coverage(analysis.files, analysis.analyzed, analysis.skipped, analysis.degraded,
                        analysis.errors)
    used = Counter(w.where for w in decision.waivers if w.by == "exception")
    summary = policy_report(policy, used, terms.today)
    report = Report(decision.verdict, mark_waived(analysis.findings, decision.waivers),
                    narrative, decision, coverage, changes.source,
                    changes.notes + summary.notes(), summary,
                    DiffShape(changes.files))
    return report, policy
