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
from reviewer.evaluation.results import CategoryRow, Rate, RuleRow
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
    met_by: tuple[str, ...] = ()
    """Every rule with a finding that meets the expectation, sorted."""


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
        """Findings at warn or above that match no expectation of this case: the false ones
        (on a benign case, every alarm)."""
        return tuple(f for f in self.alarms if not self.hit(f))

    def hit(self, finding: Finding) -> bool:
        """The finding meets one of the case's expectations."""
        return any(matches(e.expected, finding) for e in self.expected)


def score_case(case: Case, findings: Sequence[Finding], errors: Sequence[str] = ()) -> CaseOutcome:
    results = []
    for expected, where in expected_findings(case):
        at_path = tuple(f for f in findings if f.path == expected.path)
        met = [f for f in at_path if matches(expected, f)]
        results.append(ExpectedResult(
            expected, where, met[0] if met else None,
            next((f for f in at_path if flags(expected, f)), None), at_path,
            tuple(sorted({f.rule_id for f in met}))))
    return CaseOutcome(case.name, case.spec.label, case.spec.expect.verdict,
                       deterministic_verdict(findings), tuple(findings), tuple(results),
                       tuple(errors))


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
    rules: tuple[RuleRow, ...]
    categories: tuple[CategoryRow, ...]
    expectations: Rate = Rate(0, 0)
    """Expected findings met, one by one (recall over every expectation)."""
    precision: Rate = Rate(0, 0)
    """Findings that meet an expectation, out of those plus the false ones."""

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
    expectations = [e for o in done for e in o.expected]
    hits = sum(1 for o in done for f in o.findings if o.hit(f))
    false = sum(len(o.unexpected) for o in done)
    from reviewer.evaluation.rule_metrics import category_scores, rule_scores

    return Summary(
        mode, done, tuple(not_run),
        Rate(sum(o.detected for o in risky), len(risky)),
        Rate(sum(o.flagged for o in risky), len(risky)),
        Rate(sum(o.false_alarm for o in benign), len(benign)),
        Rate(sum(o.verdict_met for o in done), len(done)),
        dict(confusion), rule_scores(done, ruleset), category_scores(done, ruleset),
        Rate(sum(e.matched is not None for e in expectations), len(expectations)),
        Rate(hits, hits + false))
