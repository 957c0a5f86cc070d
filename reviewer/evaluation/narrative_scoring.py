"""Scores of one narrative against a case's labels, and of a prompt over many cases and runs.

- **schema validity**: the model's answer fit the schema (after at most one repair); runs
  that got no answer at all (endpoint errors, timeouts, refusals) are counted apart.
- **grounding**: concerns tied to a real line of the change, out of every concern the model
  raised, the dropped ones (a path outside the change) included.
- **coverage**: expected points (``must_mention``) the narrative makes; **forbidden**:
  ``must_not_mention`` points it makes anyway.
- **stability** (several runs): how much the runs agree on the concerns' places, on the
  verdict their grounded concerns suggest, and on which expected points are made.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence

from reviewer.evaluation.case_model import NarrativeExpectation
from reviewer.evaluation.points import find_point, sections
from reviewer.evaluation.prices import Price, price_of
from reviewer.evaluation.results import (
    CaseOut,
    ConcernOut,
    PointOut,
    PromptSummary,
    Rate,
    RunOut,
    Stability,
)
from reviewer.evaluation.rule_eval import point_text
from reviewer.report import NarrativeReport

INVALID_ANSWER = ("the answer is not JSON", "the answer does not match the schema")
"""How the narrative reports an answer that does not fit the schema."""


def score_run(narrative: NarrativeReport, labels: NarrativeExpectation, run: int, *,
              latency: float | None, prices: Mapping[str, Price], cassette: str | None = None,
              origin: str = "live") -> RunOut:
    from reviewer.narrative.signal import signal_of

    answered = narrative.status == "ok"
    error = narrative.error or ""
    valid = True if answered else (False if error.startswith(INVALID_ANSWER) else None)
    parts = sections(narrative)
    g = narrative.grounding
    price = price_of(narrative.model, prices) if narrative.model else None
    tokens = narrative.tokens
    return RunOut(
        run=run, status=narrative.status, error=narrative.error or narrative.reason,
        model=narrative.model, output_mode=narrative.output_mode, summary=narrative.summary,
        blast_radius=narrative.blast_radius,
        concerns=[ConcernOut(path=c.path, line=c.line, side=c.side, severity=c.severity,
                             quote=c.quote, text=c.text, grounded=c.grounded)
                  for c in narrative.concerns],
        questions=list(narrative.questions), pre_merge_checks=list(narrative.pre_merge_checks),
        post_merge_checks=list(narrative.post_merge_checks), valid=valid,
        repaired=narrative.repaired, steps=narrative.steps,
        grounding=Rate(hits=g.grounded, total=g.grounded + g.ungrounded + g.dropped),
        dropped=g.dropped,
        points=_points(labels.must_mention, parts) if answered else [],
        forbidden=_points(labels.must_not_mention, parts) if answered else [],
        suggested=signal_of(narrative).suggested.value,
        tokens_prompt=tokens.prompt, tokens_sent=tokens.sent, tokens_received=tokens.received,
        latency=latency,
        cost=price.cost(tokens.sent, tokens.received) if price is not None else None,
        cassette=cassette, origin=origin)


def _points(points: Sequence[str | tuple[str, ...]],
            parts: Sequence[tuple[str, str]]) -> list[PointOut]:
    out = []
    for point in points:
        where = find_point(point, parts)
        out.append(PointOut(point=point_text(point), found=where is not None, where=where))
    return out


def _jaccard(a: set[tuple[str, str, int]], b: set[tuple[str, str, int]]) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def case_stability(runs: Sequence[RunOut]) -> tuple[float, float, float | None] | None:
    """(concerns, verdicts, points) agreement over a case's answered runs; None under two."""
    answered = [r for r in runs if r.status == "ok"]
    if len(answered) < 2:
        return None
    places = [{(c.path, c.side, c.line) for c in r.concerns} for r in answered]
    concerns = statistics.fmean(_jaccard(a, b) for a, b in itertools.combinations(places, 2))
    verdicts = Counter(r.suggested for r in answered).most_common(1)[0][1] / len(answered)
    labels = [p.point for p in answered[0].points]
    steady = [len({next(p.found for p in r.points if p.point == label) for r in answered}) == 1
              for label in labels]
    return concerns, verdicts, (sum(steady) / len(steady) if steady else None)


def summarize_prompt(prompt: str, cases: Sequence[CaseOut], missing: Sequence[str] = (),
                     missing_runs: int = 0) -> PromptSummary:
    """The prompt's figures over every case that has runs for it."""
    scored = [(c, c.narratives[prompt]) for c in cases if c.narratives.get(prompt)]
    runs = [r for _, rs in scored for r in rs]
    answered = [r for r in runs if r.status == "ok"]
    benign = [r for c, rs in scored if c.label == "benign" for r in rs if r.status == "ok"]
    latencies = sorted(r.latency for r in runs if r.latency is not None)
    priced = [r.cost for r in runs if r.cost is not None]
    steadiness = [s for _, rs in scored if (s := case_stability(rs)) is not None]
    point_steadiness = [s[2] for s in steadiness if s[2] is not None]
    return PromptSummary(
        prompt=prompt, cases=len(scored), runs=len(runs), missing=list(missing),
        missing_runs=missing_runs,
        valid=Rate(hits=sum(r.valid is True for r in runs),
                      total=sum(r.valid is not None for r in runs)),
        repaired=sum(r.repaired for r in runs),
        grounding=Rate(hits=sum(r.grounding.hits for r in answered),
                          total=sum(r.grounding.total for r in answered)),
        coverage=Rate(hits=sum(r.coverage.hits for r in answered),
                         total=sum(r.coverage.total for r in answered)),
        forbidden=sum(len(r.mentioned) for r in answered),
        forbidden_cases=sum(1 for _, rs in scored if any(r.mentioned for r in rs)),
        benign_escalated=Rate(hits=sum(r.suggested != "pass" for r in benign),
                                 total=len(benign)),
        tokens_sent=statistics.fmean(r.tokens_sent for r in answered) if answered else None,
        tokens_received=(statistics.fmean(r.tokens_received for r in answered)
                         if answered else None),
        latency=statistics.fmean(latencies) if latencies else None,
        latency_p95=_p95(latencies),
        cost=sum(priced) if priced else None, unpriced=len(runs) - len(priced),
        stability=Stability(
            cases=len(steadiness),
            concerns=statistics.fmean(s[0] for s in steadiness),
            verdicts=statistics.fmean(s[1] for s in steadiness),
            points=statistics.fmean(point_steadiness) if point_steadiness else 1.0)
        if steadiness else None)


def _p95(values: Sequence[float]) -> float | None:
    """The nearest-rank 95th percentile."""
    if not values:
        return None
    rank = max(1, -(-95 * len(values) // 100))
    return values[rank - 1]
