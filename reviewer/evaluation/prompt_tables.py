"""Prompt evaluation results as plain text: the figures per prompt side by side, then per
case, then every missed point, forbidden mention and run without an answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from reviewer.evaluation.compare import prompt_changes, render_changes
from reviewer.evaluation.results import PromptSummary, Results, RunOut
from reviewer.evaluation.text_table import table


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _cost(summary: PromptSummary) -> str:
    if summary.cost is None:
        return "n/a (no price for the model)" if summary.runs else "-"
    unpriced = f" (+{summary.unpriced} runs without a price)" if summary.unpriced else ""
    return f"${summary.cost:.4f}{unpriced}"


def _stability(summary: PromptSummary) -> str:
    s = summary.stability
    if s is None:
        return "-"
    return (f"concerns {s.concerns:.0%}, verdicts {s.verdicts:.0%}, points {s.points:.0%} "
            f"({s.cases} cases)")


PROMPT_FIGURES: list[tuple[str, Callable[[PromptSummary], str]]] = [
    ("runs (cases)", lambda s: f"{s.runs} ({s.cases})"),
    ("schema valid", lambda s: str(s.valid)),
    ("no answer (errors, refusals)", lambda s: str(s.runs - s.valid.total)),
    ("repaired answers", lambda s: str(s.repaired)),
    ("grounded concerns", lambda s: str(s.grounding)),
    ("expected points covered", lambda s: str(s.coverage)),
    ("forbidden points mentioned", lambda s: f"{s.forbidden} in {s.forbidden_cases} case(s)"),
    ("benign runs escalated", lambda s: str(s.benign_escalated)),
    ("tokens sent / received (mean)",
     lambda s: f"{_number(s.tokens_sent)} / {_number(s.tokens_received)}"),
    ("latency mean / p95", lambda s: f"{_seconds(s.latency)} / {_seconds(s.latency_p95)}"),
    ("cost (total)", _cost),
    ("stability across runs", _stability),
]


def _origins(results: Results) -> str:
    counts = Counter(r.origin for c in results.cases for runs in c.narratives.values()
                     for r in runs)
    source = results.settings.source or "live"
    if source == "replay":
        return (f"replayed from cassettes: {counts['hand-written']} hand-written fixture(s), "
                f"{counts['recorded']} recording(s)")
    if source == "record":
        return f"live, {counts['recorded']} run(s) recorded as cassettes"
    model = results.settings.model or "?"
    return f"live against {model} at {results.settings.base_url or '?'}"


def _headline(results: Results) -> list[str]:
    labels = Counter(c.label for c in results.cases)
    lines = [f"Prompt evaluation: {len(results.cases)} cases ({labels['risky']} risky, "
             f"{labels['benign']} benign), {_origins(results)}"]
    for summary in results.prompts:
        if summary.missing or summary.missing_runs:
            runs = (f" and {summary.missing_runs} run(s) of the others"
                    if summary.missing_runs else "")
            lines.append(f"  no cassette for {summary.prompt}: {len(summary.missing)} case(s)"
                         f"{runs} not scored (record them with --record)")
    rows = [[label, *(cell(s) for s in results.prompts)] for label, cell in PROMPT_FIGURES]
    return [*lines, "", *table(["", *(s.prompt for s in results.prompts)], rows, indent="  ")]


def _per_case(results: Results, prompt: str) -> list[str]:
    rows = []
    for case in results.cases:
        runs = case.narratives.get(prompt, [])
        if not runs:
            continue
        answered = [r for r in runs if r.status == "ok"]
        rows.append([case.name, case.label, f"{len(answered)}/{len(runs)}",
                     _pooled(answered, lambda r: (r.grounding.hits, r.grounding.total)),
                     _pooled(answered, lambda r: (r.coverage.hits, r.coverage.total)),
                     str(sum(len(r.mentioned) for r in answered)),
                     "/".join(r.suggested for r in answered) or "-",
                     _number(_mean([r.tokens_sent for r in answered])),
                     _seconds(_mean([r.latency for r in runs if r.latency is not None]))])
    header = [f"Per case: {prompt}", "label", "answered", "grounded", "covered", "forbidden",
              "suggests", "tokens", "latency"]
    return table(header, rows)


def _pooled(runs: list[RunOut], pick: Callable[[RunOut], tuple[int, int]]) -> str:
    hits = sum(pick(r)[0] for r in runs)
    total = sum(pick(r)[1] for r in runs)
    return f"{hits}/{total}" if total else "-"


def _mean(values: list[float] | list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _problems(results: Results) -> list[str]:
    missed, forbidden, failed = [], [], []
    for case in results.cases:
        for prompt, runs in case.narratives.items():
            for r in runs:
                tag = f"{case.name} ({prompt}, run {r.run})"
                missed += [f"  {tag}: {p.point}" for p in r.points if not p.found]
                forbidden += [f"  {tag}: {p.point} (in {p.where})" for p in r.mentioned]
                if r.status != "ok":
                    failed.append(f"  {tag}: {r.status}: {r.error or '-'}")
                elif r.dropped or r.grounding.hits < r.grounding.total:
                    ungrounded = r.grounding.total - r.grounding.hits
                    missed_lines = [f"{c.path}:{c.line}" for c in r.concerns if not c.grounded]
                    failed.append(f"  {tag}: {ungrounded} concern(s) not grounded "
                                  f"({r.dropped} on files outside the change"
                                  + (f"; unverified at {', '.join(missed_lines)}"
                                     if missed_lines else "") + ")")
    return [f"Expected points missed ({len(missed)})", *missed, "",
            f"Forbidden points mentioned ({len(forbidden)})", *forbidden, "",
            f"Runs without an answer or with ungrounded concerns ({len(failed)})", *failed]


def render_prompts(results: Results) -> str:
    parts = [_headline(results)]
    parts += [_per_case(results, s.prompt) for s in results.prompts]
    parts.append(_problems(results))
    prompts = results.settings.prompts
    if len(prompts) > 1:
        changes = prompt_changes(results, prompts[0], results, prompts[1])
        parts.append([f"From {prompts[0]} to {prompts[1]}", *render_changes(changes)])
    lines: list[str] = []
    for part in parts:
        lines.extend([*part, ""])
    if results.interrupted:
        lines.append(f"Interrupted: {len(results.cases)} case(s) finished before Ctrl-C.")
    return "\n".join(lines).rstrip("\n") + "\n"

