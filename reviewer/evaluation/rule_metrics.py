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
from typing import NamedTuple

from reviewer.analyzers.ruleset import RuleSet
from reviewer.evaluation.scoring import SCORED_CATEGORIES, CaseOutcome, ExpectedResult, Rate


class RuleScore(NamedTuple):
    rule_id: str
    category: str
    hits: int
    """Findings of the rule that meet an expectation."""
    false_benign: int
    """Findings at warn or above on benign cases."""
    false_risky: int
    """Findings at warn or above on risky cases that meet no expectation."""
    met: int
    """Expectations the rule met."""
    expected: int
    """Expectations the rule answers for (see the module's docstring)."""
    missed: tuple[str, ...]
    """Cases with an expectation the rule answers for and did not meet."""
    wrong: tuple[str, ...]
    """Cases with a false finding of the rule."""

    @property
    def precision(self) -> Rate:
        return Rate(self.hits, self.hits + self.false_benign + self.false_risky)

    @property
    def recall(self) -> Rate:
        return Rate(self.met, self.expected)


class CategoryScore(NamedTuple):
    category: str
    rules: int
    expected: int
    matched: int
    """Expectations met (right category or rule, file, severity, line and side)."""
    flagged: int
    """Expectations whose file has a finding at least that severe."""
    hits: int
    false: int

    @property
    def precision(self) -> Rate:
        return Rate(self.hits, self.hits + self.false)

    @property
    def recall(self) -> Rate:
        return Rate(self.matched, self.expected)


def _answers_for(result: ExpectedResult) -> set[str]:
    """The rules an expectation counts for: named, met by, or (unmet) fired there without
    meeting it."""
    expected = result.expected
    if expected.rule is not None:
        return {expected.rule}
    if result.met_by:
        return set(result.met_by)
    return {f.rule_id for f in result.at_path if f.category == expected.category}


def rule_scores(outcomes: Sequence[CaseOutcome], ruleset: RuleSet) -> tuple[RuleScore, ...]:
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
        RuleScore(r.id, r.category, hits[r.id], false_benign[r.id], false_risky[r.id],
                  met[r.id], expected[r.id], tuple(sorted(missed[r.id])),
                  tuple(sorted(wrong[r.id])))
        for r in sorted(ruleset.rules, key=lambda r: (r.category, r.id)))


def category_scores(outcomes: Sequence[CaseOutcome],
                    ruleset: RuleSet) -> tuple[CategoryScore, ...]:
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
        scores.append(CategoryScore(category, rules[category], len(mine),
                                    sum(e.matched is not None for e in mine),
                                    sum(e.flagged is not None for e in mine),
                                    hits[category], false[category]))
    return tuple(scores)
