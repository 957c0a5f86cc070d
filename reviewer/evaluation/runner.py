"""Run the rules over labelled cases, in bare-diff mode, git mode, or both."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple, TypeVar

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.ruleset import RuleSet
from reviewer.analyzers.scope import ScopeClassifier
from reviewer.evaluation.cases import Case, CaseError
from reviewer.evaluation.materialize import Materialized, Mode, changes_for, materialize_many
from reviewer.evaluation.scoring import CaseOutcome, Summary, score_case, summarize
from reviewer.pipeline import policy_step
from reviewer.policy.model import Policy
from reviewer.policy.source import POLICY_NAMES, locate_policy

T = TypeVar("T")
R = TypeVar("R")


class CaseRun(NamedTuple):
    case: Case
    outcomes: dict[Mode, CaseOutcome]
    """One outcome per mode the case could be read in."""


def check_rule_names(cases: Sequence[Case], ruleset: RuleSet) -> None:
    """A case that names a rule the rule set lacks would silently never match: say so."""
    for case in cases:
        for index, expected in enumerate(case.spec.expect.findings):
            if expected.rule is not None and ruleset.get(expected.rule) is None:
                raise CaseError(f"expects rule {expected.rule!r}, which is not in the rule set",
                                where=case.where(index))


def run_case(case: Case, where: Materialized | None, ruleset: RuleSet, modes: Sequence[Mode],
             classifier: ScopeClassifier | None = None) -> CaseRun:
    """One case in each mode it can be read in; ``where`` is its repository (tree cases).
    A case whose base tree holds a policy file is reviewed under that policy, as CI would."""
    outcomes: dict[Mode, CaseOutcome] = {}
    for mode in modes:
        changes = changes_for(case, mode, where)
        if changes is None:
            continue
        policy = case_policy(case, mode, where)
        rules, scopes = ruleset, classifier or ScopeClassifier()
        if policy is not None:
            rules, scopes = _fitted(policy, ruleset), classifier or policy.classifier()
        # One worker: cases are small, and a process pool per case costs more than it saves.
        analysis = policy_step(policy, analyze(changes, rules, scopes, jobs=1))
        outcomes[mode] = score_case(case, analysis.findings, analysis.errors)
    return CaseRun(case, outcomes)


def case_policy(case: Case, mode: Mode, where: Materialized | None) -> Policy | None:
    """The case's own policy: read from the base revision in git mode, from the case's
    ``before/`` tree for a bare diff; None when the case has none."""
    if not any(name in case.before for name in POLICY_NAMES):
        return None
    if mode is Mode.GIT and where is not None:
        return locate_policy(repo=where.repo, base=where.base)
    name = next(n for n in POLICY_NAMES if n in case.before)
    root = case.folder / "before"  # the repository root, as the diff's paths see it
    return locate_policy(root / name, cwd=root)


def _fitted(policy: Policy, ruleset: RuleSet) -> RuleSet:
    """The evaluated rules plus the policy's own rule folders, fitted to the policy."""
    from reviewer.analyzers.rule_cache import load_ruleset
    from reviewer.policy.load import fit_rules

    if policy.rule_dirs:
        team = load_ruleset(list(policy.rule_dirs))
        ruleset = RuleSet(ruleset.rules + team.rules, {**ruleset.sources, **team.sources})
    return fit_rules(policy, ruleset)[1]


def run_cases(cases: Sequence[Case], ruleset: RuleSet, modes: Sequence[Mode],
              progress: Callable[[Case], None] | None = None) -> dict[Mode, Summary]:
    """Every case in every mode, summarized per mode."""
    check_rule_names(cases, ruleset)
    runs = []
    with tempfile.TemporaryDirectory(prefix="reviewer-cases-") as tmp:
        repos = materialize_many(cases, Path(tmp) / "cases")
        for case in cases:
            if progress is not None:
                progress(case)
            runs.append(run_case(case, repos.get(case.name), ruleset, modes))
    return {mode: summarize(mode.value, (r.outcomes[mode] for r in runs if mode in r.outcomes),
                            ruleset, [r.case.name for r in runs if mode not in r.outcomes])
            for mode in modes}


def run_each(items: Sequence[T], work: Callable[[T], R],
             done: Callable[[list[R]], None] | None = None) -> tuple[list[R], bool]:
    """``work`` on each item in turn, calling ``done`` with the results so far after each one
    (to write them out). Ctrl-C stops the loop and keeps what was finished: the second value
    says whether the run was interrupted."""
    results: list[R] = []
    try:
        for item in items:
            results.append(work(item))
            if done is not None:
                done(results)
    except KeyboardInterrupt:
        return results, True
    return results, False
