from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.reconcile import deterministic_verdict, reconcile
from reviewer.severity import EXIT_GATE, EXIT_OK, FailOn, Severity, Verdict, exit_code


def finding(severity: Severity, *, waived: bool = False, rule_id: str = "r",
            path: str = "a.yaml", line: int = 1) -> Finding:
    return Finding(rule_id, "capacity.reduced", severity, path, line, Side.NEW, "m", "e", "f",
                   waived=waived, title="T", remediation="Do the safe thing.")


@pytest.mark.parametrize(("severities", "verdict"), [
    ([], Verdict.PASS),
    ([Severity.INFO], Verdict.PASS),
    ([Severity.INFO, Severity.WARN], Verdict.WARN),
    ([Severity.WARN, Severity.BLOCK, Severity.INFO], Verdict.BLOCK),
])
def test_highest_severity_wins(severities: list[Severity], verdict: Verdict) -> None:
    assert reconcile([finding(s) for s in severities]).verdict is verdict


def test_waived_findings_do_not_count() -> None:
    assert deterministic_verdict([finding(Severity.BLOCK, waived=True)]) is Verdict.PASS


def test_reasons_and_actions() -> None:
    decision = reconcile([finding(Severity.BLOCK, path=f"f{i}.tf", line=i) for i in range(5)]
                         + [finding(Severity.WARN, rule_id="w")])
    assert decision.reasons == ("block: T [r] at f0.tf:0, f1.tf:1, f2.tf:2 (+2 more)",
                                "warn: T [w] at a.yaml:1")
    assert decision.required_actions == ("r: Do the safe thing.",)
    assert reconcile([]).reasons == ("no findings at warn or block",)


def test_incomplete_analysis_is_a_reason() -> None:
    decision = reconcile([], incomplete=["rule x failed on a: boom"])
    assert decision.reasons == ("analysis incomplete: rule x failed on a: boom",)


@pytest.mark.parametrize(("verdict", "fail_on", "code"), [
    (Verdict.BLOCK, FailOn.BLOCK, EXIT_GATE), (Verdict.WARN, FailOn.BLOCK, EXIT_OK),
    (Verdict.WARN, FailOn.WARN, EXIT_GATE), (Verdict.PASS, FailOn.WARN, EXIT_OK),
    (Verdict.BLOCK, FailOn.NEVER, EXIT_OK),
])
def test_exit_codes(verdict: Verdict, fail_on: FailOn, code: int) -> None:
    assert exit_code(verdict, fail_on) == code


findings_strategy = st.lists(st.builds(finding, st.sampled_from(list(Severity)),
                                       waived=st.booleans()), max_size=20)


@given(findings_strategy)
def test_verdict_is_the_worst_unwaived_severity(findings: list[Finding]) -> None:
    decision = reconcile(findings)
    worst = max((Verdict.of(f.severity) for f in findings if not f.waived), default=Verdict.PASS)
    assert decision.verdict is worst is decision.deterministic_verdict
    assert len(decision.reasons) >= 1


@given(findings_strategy, findings_strategy)
def test_adding_findings_never_lowers_the_verdict(a: list[Finding], b: list[Finding]) -> None:
    assert reconcile(a + b).verdict >= reconcile(a).verdict


from reviewer.reconcile import NarrativeSignal, ReconcilePolicy  # noqa: E402

narratives = st.builds(NarrativeSignal, st.sampled_from(["ok", "failed", "disabled", "skipped"]),
                       st.sampled_from(list(Verdict)), st.text(max_size=20))


@given(findings_strategy, narratives, st.booleans())
def test_the_narrative_never_lowers_never_blocks_never_drops(
        findings: list[Finding], narrative: NarrativeSignal, may_escalate: bool) -> None:
    alone = reconcile(findings)
    decision = reconcile(findings, narrative=narrative,
                         policy=ReconcilePolicy(narrative_may_escalate=may_escalate))
    assert decision.deterministic_verdict is alone.verdict
    assert decision.verdict >= alone.verdict
    if decision.verdict is Verdict.BLOCK:
        assert alone.verdict is Verdict.BLOCK
    assert decision.verdict <= max(alone.verdict, Verdict.WARN)
    assert set(alone.reasons) - {"no findings at warn or block"} <= set(decision.reasons)


@pytest.mark.parametrize(("status", "suggested", "may", "verdict"), [
    ("ok", Verdict.WARN, True, Verdict.WARN),
    ("ok", Verdict.BLOCK, True, Verdict.WARN),
    ("ok", Verdict.WARN, False, Verdict.PASS),
    ("failed", Verdict.BLOCK, True, Verdict.PASS),
    ("ok", Verdict.PASS, True, Verdict.PASS),
])
def test_narrative_escalation_table(status: str, suggested: Verdict, may: bool,
                                    verdict: Verdict) -> None:
    decision = reconcile([], narrative=NarrativeSignal(status, suggested),
                         policy=ReconcilePolicy(narrative_may_escalate=may))
    assert (decision.verdict, decision.deterministic_verdict) == (verdict, Verdict.PASS)
    assert decision.narrative_escalated is (verdict is Verdict.WARN)
