"""``reviewer eval rules``: run the rules over labelled cases and keep the results.

The figures come from scoring (in memory) and are turned into the results file's records,
which the text tables, the HTML report and comparisons read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from reviewer.analyzers.ruleset import RuleSet
from reviewer.evaluation.cases import Case
from reviewer.evaluation.materialize import Mode, diff_text, materialize_many
from reviewer.evaluation.results import (
    CaseOut,
    ConfusionCell,
    ExpectationOut,
    FindingOut,
    ModeOutcome,
    ModeSummary,
    Results,
    Settings,
)
from reviewer.evaluation.runner import CaseRun, check_rule_names, run_case, run_each
from reviewer.evaluation.scoring import CaseOutcome, Summary, summarize


def mode_outcome(outcome: CaseOutcome) -> ModeOutcome:
    false = set(outcome.unexpected)
    return ModeOutcome(
        verdict=outcome.verdict.value, verdict_met=outcome.verdict_met,
        detected=outcome.detected,
        findings=[FindingOut(rule_id=f.rule_id, category=f.category, severity=f.severity.value,
                             path=f.path, line=f.line, side=f.side.value, message=f.message,
                             hit=outcome.hit(f), false=f in false)
                  for f in outcome.findings],
        expectations=[ExpectationOut(
            category=e.expected.category, rule=e.expected.rule, path=e.expected.path,
            severity=e.expected.severity.value, line=e.expected.line,
            side=e.expected.side.value if e.expected.side else None, where=e.where,
            met_by=list(e.met_by), flagged=e.flagged is not None) for e in outcome.expected],
        errors=list(outcome.errors))


def mode_summary(summary: Summary) -> ModeSummary:
    return ModeSummary(
        mode=summary.mode, cases=len(summary.outcomes), not_run=list(summary.not_run),
        detection=summary.detection, flagged=summary.flagged,
        false_alarms=summary.false_alarms, verdicts=summary.verdicts,
        expectations=summary.expectations, precision=summary.precision,
        confusion=[ConfusionCell(expected=e.value, actual=a.value, count=n)
                   for (e, a), n in sorted(summary.confusion.items(),
                                           key=lambda item: (-item[0][0].rank,
                                                             -item[0][1].rank))],
        rules=list(summary.rules), categories=list(summary.categories))


def case_out(case: Case, diff: str, modes: Mapping[str, ModeOutcome]) -> CaseOut:
    narrative = case.spec.narrative
    return CaseOut(name=case.name, label=case.spec.label,
                   description=" ".join(case.spec.description.split()),
                   expected_verdict=case.spec.expect.verdict.value, diff=diff,
                   must_mention=[point_text(p) for p in narrative.must_mention],
                   must_not_mention=[point_text(p) for p in narrative.must_not_mention],
                   modes=dict(modes))


def point_text(point: str | tuple[str, ...]) -> str:
    return point if isinstance(point, str) else " | ".join(point)


class RuleRun(NamedTuple):
    results: Results
    summaries: dict[Mode, Summary]
    """The in-memory figures, for the text tables."""


def _summaries(runs: Sequence[tuple[CaseRun, str]], ruleset: RuleSet,
               modes: Sequence[Mode]) -> dict[Mode, Summary]:
    return {mode: summarize(mode.value, (r.outcomes[mode] for r, _ in runs
                                         if mode in r.outcomes), ruleset,
                            [r.case.name for r, _ in runs if mode not in r.outcomes])
            for mode in modes}


def _results(runs: Sequence[tuple[CaseRun, str]], ruleset: RuleSet, modes: Sequence[Mode],
             settings: Settings, complete: bool, interrupted: bool) -> RuleRun:
    summaries = _summaries(runs, ruleset, modes)
    cases = [case_out(run.case, diff, {m.value: mode_outcome(o) for m, o in run.outcomes.items()})
             for run, diff in runs]
    return RuleRun(Results(kind="rules", complete=complete, interrupted=interrupted,
                           settings=settings, cases=cases,
                           rules=[mode_summary(s) for s in summaries.values()]), summaries)


def evaluate_rules(cases: Sequence[Case], ruleset: RuleSet, modes: Sequence[Mode],
                   settings: Settings, *, advance: Callable[[str], None] | None = None,
                   save: Callable[[Results], None] | None = None) -> RuleRun:
    """Every case in every mode. ``advance`` is told each case as it starts; ``save`` gets
    the final results, or the partial ones when Ctrl-C stops the run (then
    ``results.interrupted`` is set)."""
    check_rule_names(cases, ruleset)
    with tempfile.TemporaryDirectory(prefix="reviewer-cases-") as tmp:
        repos = materialize_many(cases, Path(tmp) / "cases")

        def work(case: Case) -> tuple[CaseRun, str]:
            if advance is not None:
                advance(case.name)
            where = repos.get(case.name)
            return run_case(case, where, ruleset, modes), diff_text(case, where)

        runs, interrupted = run_each(cases, work)
    # Rules are fast: the results are written once, at the end or on Ctrl-C.
    outcome = _results(runs, ruleset, modes, settings, not interrupted, interrupted)
    if save is not None:
        save(outcome.results)
    return outcome
