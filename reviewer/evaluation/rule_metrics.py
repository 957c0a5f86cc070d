"""Precision and recall per rule and per category.

The labels name categories (and sometimes rules). A rule answers for the expectations that
name it, for those it met, and for those of its category that no rule met where it did fire
at the expected file (too weak, on another line or side): its recall is the share of these
it met. An expectation nothing fired at counts against its category only, since no rule
can be blamed for it. A finding is a *hit* when it meets an expectation of its case and
*false* when it is at warn or above and meets none: on a benign case every alarm is false,
and on a risky case so is an alarm the labels do not ask for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reviewer.analyzers.ruleset import RuleSet
from reviewer.evaluation.results import CategoryRow, RuleRow
from reviewer.evaluation.scoring import SCORED_CATEGORIES, CaseOutcome, ExpectedResult


def _answers_for(result: ExpectedResult) -> set[str]:
    """The rules an expectation counts for: named, met by, or (unmet) fired there without
    meeting it."""
    expected = result.expected
    if expected.rule is not None:
        return {expected.rule}
    if result.met_by:
        return set(result.met_by)
    return {f.rule_id for f in result.at_path if f.category == expected.category}


def rule_scores(outcomes: Sequence[CaseOutcome], ruleset: RuleSet) -> tuple[RuleRow, ...]:
    hits: dict[str, int] = defaultdict(int)
    false_benign: dict[str, int] = defaultdict(int)
    false_risky: dict[str, int] = defaultdict(int)
    wrong: dict[str, set[str]] = defaultdict(set)
    met: dict[str, int] = defaultdict(int)
    expected: dict[str, int] = defaultdict(int)
    missed: dict[str, set[str]] = defaultdict(set)
    for outcome in outcomes:
        false = set(outcome.unexpected)
        for finding in outcome.findings:
            if finding in false:
                (false_risky if outcome.risky else false_benign)[finding.rule_id] += 1
                wrong[finding.rule_id].add(outcome.case)
            elif outcome.hit(finding):
                hits[finding.rule_id] += 1
        for result in outcome.expected:
            for rule_id in _answers_for(result):
                expected[rule_id] += 1
                if rule_id in result.met_by:
                    met[rule_id] += 1
                else:
                    missed[rule_id].add(outcome.case)
    return tuple(
        RuleRow(rule_id=r.id, category=r.category, hits=hits[r.id],
                false_benign=false_benign[r.id], false_risky=false_risky[r.id], met=met[r.id],
                expected=expected[r.id], missed=sorted(missed[r.id]), wrong=sorted(wrong[r.id]))
        for r in sorted(ruleset.rules, key=lambda r: (r.category, r.id)))


def category_scores(outcomes: Sequence[CaseOutcome],
                    ruleset: RuleSet) -> tuple[CategoryRow, ...]:
    rules: dict[str, int] = defaultdict(int)
    for rule in ruleset.rules:
        rules[rule.category] += 1
    hits: dict[str, int] = defaultdict(int)
    false: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        unexpected = set(outcome.unexpected)
        for finding in outcome.findings:
            if finding in unexpected:
                false[finding.category] += 1
            elif outcome.hit(finding):
                hits[finding.category] += 1
    results = [e for o in outcomes for e in o.expected]
    scores = []
    for category in SCORED_CATEGORIES:
        mine = [e for e in results if e.expected.category == category]
        scores.append(CategoryRow(category=category, rules=rules[category], expected=len(mine),
                                  matched=sum(e.matched is not None for e in mine),
                                  flagged=sum(e.flagged is not None for e in mine),
                                  hits=hits[category], false=false[category]))
    return tuple(scores)
