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
    """One case in each mode it can be read in; ``where`` is its repository (tree cases)."""
    classifier = classifier or ScopeClassifier()
    outcomes: dict[Mode, CaseOutcome] = {}
    for mode in modes:
        changes = changes_for(case, mode, where)
        if changes is None:
            continue
        # One worker: cases are small, and a process pool per case costs more than it saves.
        analysis = analyze(changes, ruleset, classifier, jobs=1)
        outcomes[mode] = score_case(case, analysis.findings, analysis.errors)
    return CaseRun(case, outcomes)


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
