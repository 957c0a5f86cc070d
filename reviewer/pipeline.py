"""The review, end to end: read the change, analyze, reconcile, assemble the report."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.analyzers.engine import Analysis, analyze
from reviewer.analyzers.rule_cache import load_ruleset as load_cached
from reviewer.analyzers.ruleset import RuleSet
from reviewer.analyzers.scope import ScopeClassifier
from reviewer.diff.model import ChangeSet, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.errors import UserError
from reviewer.reconcile import NarrativeSignal, ReconcilePolicy, reconcile
from reviewer.report import Coverage, NarrativeReport, Report
from reviewer.resources import rules_dir

if TYPE_CHECKING:
    from reviewer.policy import Policy


@dataclass(frozen=True)
class ReviewRequest:
    diff: str | None = None
    """A diff file, or ``-`` for stdin."""
    base: str | None = None
    head: str | None = None
    repo: Path = Path(".")
    config: Path | None = None
    no_llm: bool = False
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
    """The policy, or None for the defaults (pydantic is only loaded for a policy file)."""
    if request.config is None:
        return None
    from reviewer.policy import load_policy

    return load_policy(request.config)


def load_ruleset(policy: Policy | None, policy_dir: Path | None) -> RuleSet:
    folders = [rules_dir()]
    if policy is None:
        return load_cached(folders)
    for extra in policy.rules.paths:
        folder = Path(extra)
        folders.append(folder if folder.is_absolute() or policy_dir is None
                       else policy_dir / folder)
    ruleset = load_cached(folders)
    unknown = [rule_id for rule_id in policy.rules.disable if ruleset.get(rule_id) is None]
    if unknown:
        raise UserError(f"rules.disable names unknown rule ids: {', '.join(unknown)}")
    return ruleset.without(policy.rules.disable)


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


def reconcile_policy(policy: Policy | None) -> ReconcilePolicy:
    return ReconcilePolicy()


def review(request: ReviewRequest) -> tuple[Report, Policy | None]:
    """Read the change, analyze it, narrate it, decide: the order of DESIGN.md."""
    policy = load_policy_for(request)
    ruleset = load_ruleset(policy, request.config.parent if request.config else None)
    changes = load_changes(request)
    analysis = analyze(changes, ruleset, ScopeClassifier())
    narrative = narrative_step(request, policy, changes, analysis)
    decision = reconcile(analysis.findings, narrative=narrative_signal(narrative),
                         policy=reconcile_policy(policy), incomplete=analysis.errors)
    coverage = Coverage(analysis.files, analysis.analyzed, analysis.skipped, analysis.degraded,
                        analysis.errors)
    report = Report(decision.verdict, analysis.findings, narrative, decision, coverage,
                    changes.source, changes.notes)
    return report, policy
