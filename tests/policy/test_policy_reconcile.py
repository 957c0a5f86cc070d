"""The reconciler with a policy: waivers, required actions and reasons, as tables and as
properties that hold for any findings, exceptions, annotations and narrative."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.pathglob import matches
from reviewer.policy.model import PolicyException, Requirement
from reviewer.policy.waivers import Annotation
from reviewer.reconcile import Decision, NarrativeSignal, ReconcilePolicy, reconcile
from reviewer.severity import EXIT_GATE, EXIT_OK, FailOn, Severity, Verdict, exit_code

TODAY = datetime.date(2026, 6, 1)
RULES = ("k8s-replicas-cut", "tf-deletion-protection-off", "reviewer-policy-changed")
PATHS = ("infra/staging/db.tf", "infra/prod/db.tf", "deploy/prod/a.yaml", ".reviewer.yaml")
GLOBS = ("infra/**", "infra/staging/**", "deploy/**", "*.yaml", ".reviewer.yaml", "nothing/**")


def make_finding(index: int, rule: str, severity: Severity, path: str, line: int,
                 waived: bool = False) -> Finding:
    category = "reviewer.self-config" if rule.startswith("reviewer-") else "capacity.reduced"
    return Finding(rule, category, severity, path, line, Side.NEW, "m", "e", f"fp{index}",
                   waived=waived, title=f"T {rule}", remediation="Fix it.")


def exc(rule: str, glob: str, expires: datetime.date, where: str) -> PolicyException:
    return PolicyException(rule, glob, "because", "@owner", expires, where)


findings_st = st.lists(st.tuples(st.sampled_from(RULES), st.sampled_from(list(Severity)),
                                 st.sampled_from(PATHS), st.integers(1, 4)),
                       max_size=8).map(
    lambda rows: [make_finding(i, *row) for i, row in enumerate(rows)])
exceptions_st = st.lists(st.tuples(st.sampled_from(RULES), st.sampled_from(GLOBS),
                                   st.integers(-3, 3)), max_size=4).map(
    lambda rows: [exc(rule, glob, TODAY + datetime.timedelta(days=days), f"p.yaml:{i + 10}")
                  for i, (rule, glob, days) in enumerate(rows)])
annotations_st = st.lists(st.builds(
    lambda rule, path, line: Annotation(path, line, (rule,), "why", (line, line + 1), ()),
    st.sampled_from(RULES), st.sampled_from(PATHS), st.integers(0, 4)), max_size=4)
narratives_st = st.one_of(st.none(), st.builds(
    NarrativeSignal, st.sampled_from(["ok", "failed", "disabled", "skipped"]),
    st.sampled_from(list(Verdict))))


def decide(findings: list[Finding], exceptions: list[PolicyException],
           annotations: list[Annotation], narrative: NarrativeSignal | None = None,
           escalate: bool = True, today: datetime.date | None = TODAY) -> Decision:
    policy = ReconcilePolicy(escalate, tuple(exceptions), (), today)
    return reconcile(findings, narrative=narrative, policy=policy, annotations=annotations)


def raw_verdict(findings: list[Finding]) -> Verdict:
    return max((Verdict.of(f.severity) for f in findings), default=Verdict.PASS)


@given(findings_st, exceptions_st, annotations_st, narratives_st, st.booleans())
def test_never_below_the_deterministic_verdict(findings: list[Finding],
                                               exceptions: list[PolicyException],
                                               annotations: list[Annotation],
                                               narrative: NarrativeSignal | None,
                                               escalate: bool) -> None:
    decision = decide(findings, exceptions, annotations, narrative, escalate)
    assert decision.verdict >= decision.deterministic_verdict
    assert decision.verdict <= max(decision.deterministic_verdict, Verdict.WARN)
    waived = {w.fingerprint for w in decision.waivers}
    left = [f for f in findings if f.fingerprint not in waived]
    assert decision.deterministic_verdict is raw_verdict(left)


@given(findings_st, exceptions_st, annotations_st)
def test_an_exception_only_waives_what_it_names_and_only_while_current(
        findings: list[Finding], exceptions: list[PolicyException],
        annotations: list[Annotation]) -> None:
    by_fp = {f.fingerprint: f for f in findings}
    by_where = {e.where: e for e in exceptions}
    for waiver in decide(findings, exceptions, annotations).waivers:
        finding = by_fp[waiver.fingerprint]
        if waiver.by == "exception":
            named = by_where[waiver.where]
            assert named.rule == finding.rule_id and matches(finding.path, named.path)
            assert named.expires >= TODAY
        else:
            assert waiver.by == "inline"
            assert finding.severity is not Severity.BLOCK
            assert finding.category != "reviewer.self-config"


@given(findings_st, exceptions_st)
def test_expired_exceptions_never_waive(findings: list[Finding],
                                        exceptions: list[PolicyException]) -> None:
    later = max((e.expires for e in exceptions), default=TODAY) + datetime.timedelta(days=1)
    decision = decide(findings, exceptions, [], today=later)
    assert decision.waivers == ()
    assert decision.deterministic_verdict is raw_verdict(findings)
    assert decide(findings, exceptions, [], today=None).waivers == ()


@given(findings_st, exceptions_st, annotations_st)
def test_a_block_not_named_by_a_current_exception_always_blocks(
        findings: list[Finding], exceptions: list[PolicyException],
        annotations: list[Annotation]) -> None:
    live = [e for e in exceptions if e.expires >= TODAY]
    unexcused = [f for f in findings if f.severity is Severity.BLOCK
                 and not any(e.rule == f.rule_id and matches(f.path, e.path) for e in live)]
    if unexcused:
        assert decide(findings, exceptions, annotations).verdict is Verdict.BLOCK


EXIT = {(Verdict.BLOCK, FailOn.BLOCK): EXIT_GATE, (Verdict.WARN, FailOn.BLOCK): EXIT_OK,
        (Verdict.PASS, FailOn.BLOCK): EXIT_OK, (Verdict.BLOCK, FailOn.WARN): EXIT_GATE,
        (Verdict.WARN, FailOn.WARN): EXIT_GATE, (Verdict.PASS, FailOn.WARN): EXIT_OK}


@given(findings_st, exceptions_st, annotations_st, narratives_st, st.sampled_from(list(FailOn)))
def test_the_exit_code_depends_only_on_the_final_verdict_and_fail_on(
        findings: list[Finding], exceptions: list[PolicyException],
        annotations: list[Annotation], narrative: NarrativeSignal | None,
        fail_on: FailOn) -> None:
    decision = decide(findings, exceptions, annotations, narrative)
    expected = EXIT_OK if fail_on is FailOn.NEVER else EXIT[(decision.verdict, fail_on)]
    assert exit_code(decision.verdict, fail_on) == expected


@given(findings_st, exceptions_st, annotations_st)
def test_findings_are_never_dropped_by_waivers(findings: list[Finding],
                                               exceptions: list[PolicyException],
                                               annotations: list[Annotation]) -> None:
    decision = decide(findings, exceptions, annotations)
    assert len({w.fingerprint for w in decision.waivers}) == len(decision.waivers)
    assert sum(1 for r in decision.reasons if r.startswith("waived: ")) == len(decision.waivers)


BLOCK_STAGING = make_finding(0, "tf-deletion-protection-off", Severity.BLOCK,
                             "infra/staging/db.tf", 7)
WARN_DEPLOY = make_finding(1, "k8s-replicas-cut", Severity.WARN, "deploy/prod/a.yaml", 3)
NOTE = Annotation("deploy/prod/a.yaml", 2, ("k8s-replicas-cut",), "batch, scales to zero",
                  (2, 3), ())
LIVE = exc("tf-deletion-protection-off", "infra/staging/**", TODAY, "p.yaml:20")
EXPIRED = exc("tf-deletion-protection-off", "infra/staging/**",
              TODAY - datetime.timedelta(days=1), "p.yaml:20")


@pytest.mark.parametrize(("exceptions", "annotations", "verdict", "reasons"), [
    ([], [], Verdict.BLOCK, [
        "block: T tf-deletion-protection-off [tf-deletion-protection-off] at infra/staging/db.tf:7",
        "warn: T k8s-replicas-cut [k8s-replicas-cut] at deploy/prod/a.yaml:3"]),
    ([LIVE], [], Verdict.WARN, [
        "warn: T k8s-replicas-cut [k8s-replicas-cut] at deploy/prod/a.yaml:3",
        "waived: block tf-deletion-protection-off at infra/staging/db.tf:7 by exception "
        "(p.yaml:20, owner @owner, until 2026-06-01): because"]),
    ([LIVE], [NOTE], Verdict.PASS, [
        "no findings at warn or block",
        "waived: block tf-deletion-protection-off at infra/staging/db.tf:7 by exception "
        "(p.yaml:20, owner @owner, until 2026-06-01): because",
        "waived: warn k8s-replicas-cut at deploy/prod/a.yaml:3 by inline "
        "(deploy/prod/a.yaml:2): batch, scales to zero"]),
    ([EXPIRED], [NOTE], Verdict.BLOCK, [
        "block: T tf-deletion-protection-off [tf-deletion-protection-off] at infra/staging/db.tf:7",
        "exception for tf-deletion-protection-off on infra/staging/** (p.yaml:20) expired on "
        "2026-05-31: infra/staging/db.tf:7 is not waived",
        "waived: warn k8s-replicas-cut at deploy/prod/a.yaml:3 by inline "
        "(deploy/prod/a.yaml:2): batch, scales to zero"]),
])
def test_reasons_in_order(exceptions: list[PolicyException], annotations: list[Annotation],
                          verdict: Verdict, reasons: list[str]) -> None:
    decision = decide([BLOCK_STAGING, WARN_DEPLOY], exceptions, annotations)
    assert (decision.verdict, list(decision.reasons)) == (verdict, reasons)
    assert decision.deterministic_verdict is verdict


def test_required_actions_follow_the_rule_remediation_then_the_policy() -> None:
    rollback = Requirement("block finding", (), (), Severity.BLOCK, (), (), (), ("rollback",),
                           None, "p.yaml:30")
    policy = ReconcilePolicy(requirements=(rollback,), today=TODAY)
    decision = reconcile([BLOCK_STAGING], policy=policy, description="## Rollback\nrevert\n")
    assert decision.required_actions == ("tf-deletion-protection-off: Fix it.",)
    decision = reconcile([BLOCK_STAGING], policy=policy, description="## Summary\nx\n")
    assert decision.required_actions == (
        "tf-deletion-protection-off: Fix it.",
        "describe the rollback: the PR description has no filled-in 'rollback' section "
        "(policy: block finding, e.g. tf-deletion-protection-off at infra/staging/db.tf:7)")


def test_the_policy_can_forbid_narrative_escalation() -> None:
    worried = NarrativeSignal("ok", Verdict.WARN, "looks risky")
    assert decide([], [], [], worried).verdict is Verdict.WARN
    assert decide([], [], [], worried, escalate=False).verdict is Verdict.PASS
