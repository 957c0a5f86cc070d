"""``reviewer eval prompts``: the narrative over labelled cases, per prompt version and run.

Each case is reviewed as a pull request would be (its rules' findings go to the model with the
change), then narrated with each prompt ``--runs`` times: live against the configured
endpoint, replayed from cassettes, or live while recording cassettes. Nothing is read from the
narrative cache, so repeated runs are real samples. Results are written after each case.
"""

from __future__ import annotations

import enum
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.findings import Finding
from reviewer.analyzers.ruleset import RuleSet
from reviewer.diff.model import ChangeSet
from reviewer.errors import UserError
from reviewer.evaluation import cassettes
from reviewer.evaluation.cases import Case
from reviewer.evaluation.materialize import (
    Materialized,
    Mode,
    changes_for,
    diff_text,
    materialize_many,
)
from reviewer.evaluation.narrative_scoring import score_run, summarize_prompt
from reviewer.evaluation.prices import Price
from reviewer.evaluation.results import CaseOut, Results, RunOut, Settings
from reviewer.evaluation.rule_eval import case_out, mode_outcome
from reviewer.evaluation.runner import run_each
from reviewer.evaluation.scoring import score_case
from reviewer.narrative.settings import NO_KEY, Endpoint
from reviewer.report import NarrativeReport

SAVE_EVERY = 1.0
"""Seconds between rewrites of the results file (the last case is always written)."""


class Source(enum.Enum):
    LIVE = "live"
    REPLAY = "replay"
    RECORD = "record"


@dataclass(frozen=True)
class PromptPlan:
    prompts: tuple[str, ...]
    """``name@vN`` of each prompt, the first one the main one."""
    source: Source
    runs: int
    cassettes: Path
    endpoint: Endpoint
    """Budget, steps and timeout; for live runs and recording, the model and server too."""
    prices: Mapping[str, Price]
    mode: Mode = Mode.DIFF


class Narrated(NamedTuple):
    report: NarrativeReport
    latency: float | None
    cassette: str | None
    origin: str


def narrate_once(changes: ChangeSet, findings: Sequence[Finding], plan: PromptPlan, prompt: str,
                 case: str, run: int) -> Narrated | None:
    """One narrative; None when replaying and there is no cassette for it."""
    from reviewer.narrative.step import narrate

    endpoint = replace(plan.endpoint, prompt=prompt)
    if plan.source is Source.LIVE:
        started = time.perf_counter()
        report = narrate(changes, findings, None, no_cache=True, endpoint=endpoint)
        return Narrated(report, time.perf_counter() - started, None, "live")
    path = cassettes.cassette_path(plan.cassettes, prompt, case, run)
    if plan.source is Source.REPLAY:
        if not path.is_file():
            return None
        meta = cassettes.read_meta(path)
        endpoint = replace(endpoint, base_url=meta.base_url, model=meta.model, api_key=NO_KEY)
        with cassettes.player().use_cassette(str(path)):
            report = narrate(changes, findings, None, no_cache=True, endpoint=endpoint)
        return Narrated(report, meta.latency, str(path), meta.origin)
    return _record(changes, findings, endpoint, path)


def _record(changes: ChangeSet, findings: Sequence[Finding], endpoint: Endpoint,
            path: Path) -> Narrated:
    """A live narrative, kept as ``path`` only when it succeeded and leaks nothing; a failed
    attempt leaves the previous cassette in place."""
    from reviewer.narrative.step import narrate

    path.parent.mkdir(parents=True, exist_ok=True)
    attempt = path.with_name(f".{path.name}.recording")
    attempt.unlink(missing_ok=True)
    try:
        started = time.perf_counter()
        with cassettes.recorder().use_cassette(str(attempt)):
            report = narrate(changes, findings, None, no_cache=True, endpoint=endpoint)
        latency = time.perf_counter() - started
    except BaseException:  # Ctrl-C included: half an exchange is not a recording
        attempt.unlink(missing_ok=True)
        raise
    meta = cassettes.Meta(origin="recorded", model=endpoint.model, base_url=endpoint.base_url,
                          latency=round(latency, 3))
    problem = (cassettes.leaks(attempt.read_text(encoding="utf-8") + meta.model_dump_json())
               if attempt.is_file() else "nothing was sent")
    if report.status != "ok" or problem:
        attempt.unlink(missing_ok=True)
        why = problem or f"the narrative {report.status}"
        return Narrated(replace(report, error=f"{report.error or ''} (not recorded: {why})"
                                .lstrip()), latency, None, "live")
    os.replace(attempt, path)
    cassettes.write_meta(path, meta)
    return Narrated(report, latency, str(path), "recorded")


def _has_cassettes(case: Case, plan: PromptPlan) -> bool:
    return any(cassettes.cassette_path(plan.cassettes, p, case.name, r).is_file()
               for p in plan.prompts for r in range(1, plan.runs + 1))


class _Saver:
    """Rewrites the results at most every SAVE_EVERY seconds, and on demand."""

    def __init__(self, save: Callable[[Results], None] | None,
                 build: Callable[[list[CaseOut], bool, bool], Results]) -> None:
        self._save, self._build = save, build
        self._last = float("-inf")

    def __call__(self, done: list[CaseOut], *, final: bool = False,
                 interrupted: bool = False) -> Results:
        results = self._build(done, final and not interrupted, interrupted)
        now = time.monotonic()
        if self._save is not None and (final or now - self._last >= SAVE_EVERY):
            self._save(results)
            self._last = now
        return results


def evaluate_prompts(cases: Sequence[Case], ruleset: RuleSet, plan: PromptPlan,
                     settings: Settings, *, advance: Callable[[str], None] | None = None,
                     save: Callable[[Results], None] | None = None) -> Results:
    """Every case (with cassettes, when replaying) narrated with every prompt and run."""
    todo = [c for c in cases if plan.source is not Source.REPLAY or _has_cassettes(c, plan)]
    skipped = [c.name for c in cases if c not in todo]

    def build(done: list[CaseOut], complete: bool, interrupted: bool) -> Results:
        summaries = []
        for prompt in plan.prompts:
            runs = [len(c.narratives.get(prompt, [])) for c in done]
            missing = skipped + [c.name for c, n in zip(done, runs, strict=True) if not n]
            summaries.append(summarize_prompt(prompt, done, sorted(missing), sum(
                plan.runs - n for n in runs if n)))
        return Results(kind="prompts", complete=complete, interrupted=interrupted,
                       settings=settings, cases=done, prompts=summaries)

    saver = _Saver(save, build)
    with tempfile.TemporaryDirectory(prefix="reviewer-cases-") as tmp:
        repos = materialize_many(todo, Path(tmp) / "cases")

        def work(case: Case) -> CaseOut:
            if advance is not None:
                advance(case.name)
            return _narrate_case(case, repos.get(case.name), ruleset, plan)

        def finished(so_far: list[CaseOut]) -> None:
            saver(so_far)

        done, interrupted = run_each(todo, work, finished)
    return saver(done, final=True, interrupted=interrupted)


def _narrate_case(case: Case, where: Materialized | None, ruleset: RuleSet,
                  plan: PromptPlan) -> CaseOut:
    changes = changes_for(case, plan.mode, where, keep_repo=True)
    if changes is None:
        raise UserError(f"case {case.name} gives only a change.diff: it has no git mode "
                        "(run it with --mode diff)", where=str(case.folder))
    analysis = analyze(changes, ruleset, jobs=1)
    outcome = mode_outcome(score_case(case, analysis.findings, analysis.errors))
    narratives: dict[str, list[RunOut]] = {}
    for prompt in plan.prompts:
        runs = []
        for run in range(1, plan.runs + 1):
            got = narrate_once(changes, analysis.findings, plan, prompt, case.name, run)
            if got is None:
                continue
            runs.append(score_run(got.report, case.spec.narrative, run, latency=got.latency,
                                  prices=plan.prices, cassette=got.cassette, origin=got.origin))
        if runs:
            narratives[prompt] = runs
    out = case_out(case, diff_text(case, where), {plan.mode.value: outcome})
    return out.model_copy(update={"narratives": narratives})
