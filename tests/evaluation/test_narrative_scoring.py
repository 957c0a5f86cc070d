"""One narrative scored against a case's labels, and runs pooled into a prompt's figures,
on narratives built to score known values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewer.evaluation.case_model import NarrativeExpectation
from reviewer.evaluation.narrative_scoring import case_stability, score_run, summarize_prompt
from reviewer.evaluation.prices import PRICES
from reviewer.evaluation.results import CaseOut, ConcernOut, PointOut, RunOut
from reviewer.report import Concern, GroundingCounts, NarrativeReport, TokenUse

LABELS = NarrativeExpectation(must_mention=("replicas", ("PodDisruptionBudget", "PDB")),
                              must_not_mention=("image tag",))
GROUNDED = Concern("deploy/api.yaml", 2, "Two pods cannot take the peak.", "warn", True)
ONE_GROUNDED = GroundingCounts(1, 0, 0)


def narrative(summary: str, *, concerns: tuple[Concern, ...] = (GROUNDED,),
              grounding: GroundingCounts = ONE_GROUNDED, status: str = "ok",
              error: str | None = None) -> NarrativeReport:
    return NarrativeReport(status=status, model="gpt-4o-mini", summary=summary,
                           concerns=concerns, grounding=grounding, error=error,
                           tokens=TokenUse(prompt=950, sent=1000, received=200))


@pytest.mark.parametrize(("report", "grounded", "covered", "forbidden", "valid", "suggested"), [
    (narrative("Cuts replicas and deletes the PDB."), (1, 1), (2, 2), [], True, "warn"),
    # a concern on a path outside the change was dropped by grounding: it still counts
    (narrative("Cuts replicas and deletes the PDB.", grounding=GroundingCounts(1, 0, 1)),
     (1, 2), (2, 2), [], True, "warn"),
    # kept but unverified (line or quote wrong): counts as ungrounded, suggests nothing
    (narrative("Cuts replicas; the PDB goes.",
               concerns=(replace(GROUNDED, line=9, grounded=False),),
               grounding=GroundingCounts(0, 1, 0)), (0, 1), (2, 2), [], True, "pass"),
    (narrative("Cuts replicas and bumps the image tag."), (1, 1), (1, 2), ["image tag"], True,
     "warn"),
    (narrative("", concerns=(), grounding=GroundingCounts(), status="failed",
               error="the answer is not JSON (Expecting value at character 0)"),
     (0, 0), (0, 0), [], False, "pass"),
    (narrative("", concerns=(), grounding=GroundingCounts(), status="failed",
               error="the endpoint answered HTTP 401 after 1 attempt"),
     (0, 0), (0, 0), [], None, "pass"),
])
def test_score_run(report: NarrativeReport, grounded: tuple[int, int], covered: tuple[int, int],
                   forbidden: list[str], valid: bool | None, suggested: str) -> None:
    run = score_run(report, LABELS, 1, latency=1.5, prices=PRICES)
    assert (run.grounding.hits, run.grounding.total) == grounded
    assert (run.coverage.hits, run.coverage.total) == covered
    assert [p.point for p in run.mentioned] == forbidden
    assert (run.valid, run.suggested) == (valid, suggested)
    assert run.cost == pytest.approx((1000 * 0.15 + 200 * 0.60) / 1e6)


def run(number: int, concerns: list[tuple[str, int]], points: dict[str, bool],
        suggested: str = "warn", status: str = "ok") -> RunOut:
    return RunOut(run=number, status=status, suggested=suggested,
                  concerns=[ConcernOut(path=p, line=n, side="new", severity="warn", quote="q",
                                       text="t", grounded=True) for p, n in concerns],
                  points=[PointOut(point=k, found=v) for k, v in points.items()])


def test_stability_over_runs() -> None:
    runs = [run(1, [("a", 1), ("a", 5)], {"x": True, "y": False}),
            run(2, [("a", 1)], {"x": True, "y": True}),
            run(3, [("a", 1), ("a", 5)], {"x": True, "y": False}, suggested="pass"),
            run(4, [], {}, status="failed")]
    stability = case_stability(runs)
    assert stability is not None
    concerns, verdicts, points = stability
    # pairs (1,2) 1/2, (1,3) 1, (2,3) 1/2; warn twice out of three; x steady, y not
    assert concerns == pytest.approx(2 / 3)
    assert (verdicts, points) == (pytest.approx(2 / 3), 0.5)
    assert case_stability(runs[:1]) is None


def test_summarize_pools_runs_and_counts_benign_escalations() -> None:
    risky = CaseOut(name="r", label="risky", description="d", expected_verdict="warn", diff="",
                    narratives={"p@v1": [run(1, [("a", 1)], {"x": True}),
                                         run(2, [("a", 1)], {"x": False})]})
    benign = CaseOut(name="b", label="benign", description="d", expected_verdict="pass",
                     diff="", narratives={"p@v1": [run(1, [("a", 1)], {}, suggested="warn")]})
    summary = summarize_prompt("p@v1", [risky, benign], missing=["c"])
    assert (summary.cases, summary.runs, summary.missing) == (2, 3, ["c"])
    assert str(summary.coverage) == "1/2 = 50%"
    assert str(summary.benign_escalated) == "1/1 = 100%"
    assert summary.stability is not None and summary.stability.cases == 1
