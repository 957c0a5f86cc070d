"""Scoring findings against a case's expectations, and the corpus-wide figures.

Two match levels: *detected* needs a finding at the expected path with the expected category
(or rule, when the case names one), at least the expected severity, and the line/side when
given; *flagged* only needs a finding at the expected path with at least that severity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.analyzers.ruleset import RuleSet
from reviewer.categories import CATEGORIES
from reviewer.evaluation.case_model import ExpectedFinding
from reviewer.evaluation.cases import Case, expected_findings
from reviewer.reconcile import deterministic_verdict
from reviewer.severity import Severity, Verdict

SCORED_CATEGORIES = tuple(c for c in CATEGORIES if c != "llm.injection")
"""Categories a rule corpus covers; prompt injection is judged with the narrative."""


def matches(expected: ExpectedFinding, finding: Finding) -> bool:
    """The finding is the one the case expects (category or rule, severity, line, side)."""
    if finding.waived or finding.path != expected.path or finding.severity < expected.severity:
        return False
    if expected.rule is not None:
        if finding.rule_id != expected.rule:
            return False
    elif finding.category != expected.category:
        return False
    if expected.line is not None and finding.line != expected.line:
        return False
    return expected.side is None or finding.side is expected.side


def flags(expected: ExpectedFinding, finding: Finding) -> bool:
    """The finding at least points a reviewer at the right file with enough weight."""
    return (not finding.waived and finding.path == expected.path
            and finding.severity >= expected.severity)


class ExpectedResult(NamedTuple):
    expected: ExpectedFinding
    where: str
    """``case.yaml:LINE`` where the expectation is written."""
    matched: Finding | None
    flagged: Finding | None
    at_path: tuple[Finding, ...]
    """Every finding at the expected path, to show what came instead on a miss."""


class CaseOutcome(NamedTuple):
    case: str
    label: str
    expected_verdict: Verdict
    verdict: Verdict
    findings: tuple[Finding, ...]
    expected: tuple[ExpectedResult, ...]
    errors: tuple[str, ...] = ()

    @property
    def risky(self) -> bool:
        return self.label == "risky"

    @property
    def detected(self) -> bool:
        return self.risky and all(e.matched is not None for e in self.expected)

    @property
    def flagged(self) -> bool:
        return self.risky and all(e.flagged is not None for e in self.expected)

    @property
    def alarms(self) -> tuple[Finding, ...]:
        """Findings at warn or above, the ones that change a verdict."""
        return tuple(f for f in self.findings if not f.waived and f.severity >= Severity.WARN)

    @property
    def false_alarm(self) -> bool:
        return not self.risky and bool(self.alarms)

    @property
    def verdict_met(self) -> bool:
        if self.risky:
            return self.verdict >= self.expected_verdict
        return self.verdict is Verdict.PASS

    @property
    def unexpected(self) -> tuple[Finding, ...]:
        """Findings at warn or above that match no expectation of this case."""
        return tuple(f for f in self.alarms
                     if not any(matches(e.expected, f) for e in self.expected))


def score_case(case: Case, findings: Sequence[Finding], errors: Sequence[str] = ()) -> CaseOutcome:
    results = []
    for expected, where in expected_findings(case):
        at_path = tuple(f for f in findings if f.path == expected.path)
        results.append(ExpectedResult(
            expected, where,
            next((f for f in at_path if matches(expected, f)), None),
            next((f for f in at_path if flags(expected, f)), None), at_path))
    return CaseOutcome(case.name, case.spec.label, case.spec.expect.verdict,
                       deterministic_verdict(findings), tuple(findings), tuple(results),
                       tuple(errors))


class Rate(NamedTuple):
    hits: int
    total: int

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        value = self.value
        return "n/a" if value is None else f"{self.hits}/{self.total} = {value:.0%}"


class RuleTally(NamedTuple):
    rule_id: str
    category: str
    risky_cases: int
    """Risky cases in which the rule fired at all."""
    matched: int
    """Expected findings the rule satisfied (detected level)."""
    benign_alarms: int
    """Benign cases in which the rule fired at warn or above."""
    findings: int


class CategoryTally(NamedTuple):
    category: str
    rules: int
    expected: int
    matched: int
    flagged: int


class Summary(NamedTuple):
    mode: str
    outcomes: tuple[CaseOutcome, ...]
    not_run: tuple[str, ...]
    """Cases this mode cannot read (a bare-diff-only case has no git mode)."""
    detection: Rate
    flagged: Rate
    false_alarms: Rate
    verdicts: Rate
    confusion: dict[tuple[Verdict, Verdict], int]
    """(expected, actual) verdict → number of cases."""
    rules: tuple[RuleTally, ...]
    categories: tuple[CategoryTally, ...]

    @property
    def misses(self) -> tuple[tuple[str, ExpectedResult], ...]:
        return tuple((o.case, e) for o in self.outcomes for e in o.expected if e.matched is None)

    @property
    def false_alarm_findings(self) -> tuple[tuple[str, Finding], ...]:
        return tuple((o.case, f) for o in self.outcomes if not o.risky for f in o.alarms)

    @property
    def errors(self) -> tuple[tuple[str, str], ...]:
        return tuple((o.case, e) for o in self.outcomes for e in o.errors)


def summarize(mode: str, outcomes: Iterable[CaseOutcome], ruleset: RuleSet,
              not_run: Sequence[str] = ()) -> Summary:
    done = tuple(outcomes)
    risky = [o for o in done if o.risky]
    benign = [o for o in done if not o.risky]
    confusion = Counter((o.expected_verdict, o.verdict) for o in done)
    return Summary(
        mode, done, tuple(not_run),
        Rate(sum(o.detected for o in risky), len(risky)),
        Rate(sum(o.flagged for o in risky), len(risky)),
        Rate(sum(o.false_alarm for o in benign), len(benign)),
        Rate(sum(o.verdict_met for o in done), len(done)),
        dict(confusion), _rule_tallies(done, ruleset), _category_tallies(done, ruleset))


def _rule_tallies(outcomes: Sequence[CaseOutcome], ruleset: RuleSet) -> tuple[RuleTally, ...]:
    tallies = []
    for rule in sorted(ruleset.rules, key=lambda r: (r.category, r.id)):
        mine = [(o, [f for f in o.findings if f.rule_id == rule.id]) for o in outcomes]
        tallies.append(RuleTally(
            rule.id, rule.category,
            sum(1 for o, fs in mine if o.risky and fs),
            sum(1 for o in outcomes for e in o.expected
                if e.matched is not None and e.matched.rule_id == rule.id),
            sum(1 for o, fs in mine if not o.risky and any(f in o.alarms for f in fs)),
            sum(len(fs) for _, fs in mine)))
    return tuple(tallies)


def _category_tallies(outcomes: Sequence[CaseOutcome],
                      ruleset: RuleSet) -> tuple[CategoryTally, ...]:
    rules = Counter(r.category for r in ruleset.rules)
    results = [e for o in outcomes for e in o.expected]
    tallies = []
    for category in SCORED_CATEGORIES:
        mine = [e for e in results if e.expected.category == category]
        tallies.append(CategoryTally(category, rules[category], len(mine),
                                     sum(e.matched is not None for e in mine),
                                     sum(e.flagged is not None for e in mine)))
    return tuple(tallies)
