"""An evaluation's results as one static HTML file: no server, no scripts, no external assets.

The figures first (the same tables as the text report), then every case with its diff, its
findings and its narratives side by side. Everything from the cases and the model is escaped:
a diff or an answer holding markup shows as text.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from reviewer.evaluation.prompt_tables import PROMPT_FIGURES
from reviewer.evaluation.results import (
    CaseOut,
    Comparison,
    ModeOutcome,
    ModeSummary,
    Rate,
    Results,
    RunOut,
)
from reviewer.evaluation.text_table import percent

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;
background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#d0d7de}main{padding:16px 24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;
margin-bottom:16px}h2{margin:0 0 8px;font-size:18px}h3{margin:0;font-size:16px}
h4{margin:0 0 6px;font-size:13px;text-transform:uppercase;color:#57606a}
table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #d0d7de;
padding:3px 8px;text-align:right;vertical-align:top}th:first-child,td:first-child{text-align:left}
th{background:#f6f8fa}.tag{display:inline-block;border-radius:10px;padding:0 8px;
font-size:12px;font-weight:600;margin-left:6px}.risky,.block,.no{background:#ffebe9;
color:#a40e26}.benign,.pass,.yes{background:#dafbe1;color:#116329}.warn{background:#fff8c5;
color:#7d4e00}.info{background:#ddf4ff;color:#0550ae}
.case{border-top:1px solid #d0d7de;padding:12px 0}.columns{display:grid;
grid-template-columns:minmax(0,1.3fr) minmax(0,1fr) minmax(0,1fr);gap:12px;margin-top:8px}
.col{border:1px solid #d0d7de;border-radius:6px;padding:8px;background:#fff;min-width:0;
overflow-wrap:anywhere}
pre.diff{margin:0;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-x:auto;
white-space:pre}pre.diff span{display:block}.add{background:#e6ffec}.del{background:#ffebe9}
.hunk{color:#0969da;background:#ddf4ff}.file{font-weight:700;background:#f6f8fa}
ul{margin:4px 0;padding-left:18px}.muted{color:#57606a}.run{border-top:1px dashed #d0d7de;
padding-top:6px;margin-top:6px}.quote{font-family:ui-monospace,monospace;font-size:12px}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _tag(text: str, kind: str | None = None) -> str:
    return f'<span class="tag {_e(kind or text)}">{_e(text)}</span>'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], cls: str = "") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _anchor(name: str) -> str:
    return "case-" + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


_RULE_FIGURES: list[tuple[str, Callable[[ModeSummary], Rate]]] = [
    ("detected", lambda s: s.detection), ("flagged", lambda s: s.flagged),
    ("false alarms (benign at warn+)", lambda s: s.false_alarms),
    ("verdict as expected", lambda s: s.verdicts),
    ("recall (expected findings met)", lambda s: s.expectations),
    ("precision", lambda s: s.precision)]


def _rule_summary(summaries: Sequence[ModeSummary]) -> str:
    figures = _table(["", *(f"{s.mode} mode" for s in summaries)],
                     [[_e(label), *(_e(pick(s)) for s in summaries)]
                      for label, pick in _RULE_FIGURES], "figures")
    parts = [f'<section id="summary"><h2>Rules</h2>{figures}']
    for summary in summaries:
        confusion = _table(["expected", "got", "cases"],
                           [[_tag(c.expected), _tag(c.actual), _e(c.count)]
                            for c in summary.confusion], "confusion")
        active = [r for r in summary.rules if r.expected or r.hits or r.wrong]
        rules = _table(["rule", "category", "precision", "recall", "hits", "met / expected",
                        "false (benign)", "false (risky)", "missed", "wrong"],
                       [[_e(r.rule_id), _e(r.category), percent(r.precision),
                         percent(r.recall), _e(r.hits), f"{r.met} / {r.expected}",
                         _e(r.false_benign), _e(r.false_risky), _links(r.missed),
                         _links(r.wrong)] for r in active], "rules")
        categories = _table(["category", "rules", "expected", "precision", "recall",
                             "detected", "flagged", "false"],
                            [[_e(c.category), _e(c.rules), _e(c.expected), percent(c.precision),
                              percent(c.recall), _e(c.matched), _e(c.flagged), _e(c.false)]
                             for c in summary.categories], "categories")
        parts.append(f"<h3>{_e(summary.mode)} mode</h3><h4>Verdicts</h4>{confusion}"
                     f"<h4>Per rule ({len(active)} active of {len(summary.rules)})</h4>{rules}"
                     f"<h4>Per category</h4>{categories}")
    return "".join(parts) + "</section>"


def _links(names: Sequence[str]) -> str:
    return ", ".join(f'<a href="#{_anchor(n)}">{_e(n)}</a>' for n in names)


def _prompt_summary(results: Results) -> str:
    rows = [[_e(label), *(_e(cell(s)) for s in results.prompts)] for label, cell in PROMPT_FIGURES]
    return (f'<section id="summary"><h2>Prompts</h2>'
            f'{_table(["", *(s.prompt for s in results.prompts)], rows, "figures")}</section>')


def _comparison(comparison: Comparison) -> str:
    rows = [[_e(c.kind), f'<a href="#{_anchor(c.case)}">{_e(c.case)}</a>', _e(c.mode),
             _e(c.detail)] for c in comparison.changes]
    body = (_table(["change", "case", "mode", "detail"], rows, "changes") if rows
            else "<p>No case changed.</p>")
    return (f'<section id="comparison"><h2>Compared with {_e(comparison.before)}</h2>'
            f"{body}</section>")


def _diff(text: str) -> str:
    lines = []
    for line in text.splitlines():
        cls = ("file" if line.startswith(("diff --git", "--- ", "+++ ")) else
               "hunk" if line.startswith("@@") else "add" if line.startswith("+") else
               "del" if line.startswith("-") else "")
        lines.append(f'<span class="{cls}">{_e(line) or " "}</span>')
    return '<pre class="diff">' + "".join(lines) + "</pre>"


def _findings(modes: dict[str, ModeOutcome]) -> str:
    parts = []
    for mode, outcome in modes.items():
        items = "".join(
            f"<li>{_tag(f.severity)} <b>{_e(f.rule_id)}</b> at {_e(f.path)}:{_e(f.line)}"
            f"{' (old side)' if f.side == 'old' else ''} {_tag('hit', 'yes') if f.hit else ''}"
            f"{_tag('false', 'no') if f.false else ''}<br><span class='muted'>"
            f"{_e(f.message)}</span></li>" for f in outcome.findings)
        expected = "".join(
            f"<li>{_tag('met', 'yes') if e.met_by else _tag('missed', 'no')} "
            f"{_e(e.describe())}</li>" for e in outcome.expectations)
        parts.append(f"<h4>{_e(mode)} mode: {_tag(outcome.verdict)}</h4>"
                     f"<ul>{items or '<li class=muted>no findings</li>'}</ul>"
                     + (f"<h4>Expected</h4><ul>{expected}</ul>" if expected else ""))
    return "".join(parts)


def _run(run: RunOut) -> str:
    head = (f"<p><b>run {run.run}</b> {_tag(run.status, 'pass' if run.status == 'ok' else 'no')}"
            f" <span class='muted'>{_e(run.model)} · {_e(run.origin)}"
            f"{f' · {run.latency:.2f} s' if run.latency is not None else ''}"
            f" · suggests {_e(run.suggested)}</span></p>")
    if run.status != "ok":
        return f'<div class="run">{head}<p class="muted">{_e(run.error or "")}</p></div>'
    concerns = "".join(
        f"<li>{_tag(c.severity)} {_e(c.path)}:{_e(c.line)} "
        f"{_tag('grounded', 'yes') if c.grounded else _tag('unverified', 'no')}<br>"
        f"<span class='quote'>{_e(c.quote)}</span><br>{_e(c.text)}</li>" for c in run.concerns)
    points = "".join(f"<li>{_tag('made', 'yes') if p.found else _tag('missed', 'no')} "
                     f"{_e(p.point)}</li>" for p in run.points)
    forbidden = "".join(f"<li>{_tag('mentioned', 'no')} {_e(p.point)} "
                        f"<span class='muted'>in {_e(p.where)}</span></li>"
                        for p in run.mentioned)
    dropped = (f"<p class='muted'>{run.dropped} concern(s) dropped: on files outside the "
               "change</p>" if run.dropped else "")
    return (f'<div class="run">{head}<p>{_e(run.summary)}</p>'
            f"<p class='muted'>{_e(run.blast_radius)}</p>"
            f"<ul>{concerns}</ul>{dropped}"
            + (f"<h4>Expected points</h4><ul>{points}</ul>" if points else "")
            + (f"<h4>Forbidden points</h4><ul>{forbidden}</ul>" if forbidden else "")
            + "</div>")


def _narratives(case: CaseOut) -> str:
    if not case.narratives:
        points = "".join(f"<li>{_e(p)}</li>" for p in case.must_mention)
        avoid = "".join(f"<li>{_e(p)}</li>" for p in case.must_not_mention)
        return ("<p class='muted'>No narrative in this run.</p>"
                + (f"<h4>A narrative should make</h4><ul>{points}</ul>" if points else "")
                + (f"<h4>and not make</h4><ul>{avoid}</ul>" if avoid else ""))
    return "".join(f"<h4>{_e(prompt)}</h4>" + "".join(_run(r) for r in runs)
                   for prompt, runs in case.narratives.items())


def _case(case: CaseOut) -> str:
    verdicts = " ".join(f"{_e(mode)} {_tag(o.verdict)}" for mode, o in case.modes.items())
    return (f'<article class="case" id="{_anchor(case.name)}"><h3>{_e(case.name)}'
            f"{_tag(case.label)}</h3><p>expects {_tag(case.expected_verdict)} · got {verdicts}"
            f"</p><p class='muted'>{_e(case.description)}</p><div class='columns'>"
            f"<div class='col diff-col'><h4>Diff</h4>{_diff(case.diff)}</div>"
            f"<div class='col findings-col'><h4>Findings</h4>{_findings(case.modes)}</div>"
            f"<div class='col narrative-col'><h4>Narrative</h4>{_narratives(case)}</div>"
            "</div></article>")


def _index(cases: Sequence[CaseOut]) -> str:
    rows = [[f'<a href="#{_anchor(c.name)}">{_e(c.name)}</a>', _tag(c.label),
             _tag(c.expected_verdict),
             " ".join(f"{_e(m)} {_tag(o.verdict)}" for m, o in c.modes.items())]
            for c in cases]
    return _table(["case", "label", "expects", "got"], rows, "index")


def render_html(results: Results, title: str) -> str:
    settings = results.settings
    state = ("complete" if results.complete else
             f"interrupted after {len(results.cases)} case(s)" if results.interrupted
             else "in progress")
    summary = (_rule_summary(results.rules) if results.kind == "rules"
               else _prompt_summary(results))
    comparison = _comparison(results.comparison) if results.comparison else ""
    meta = (f"cases {settings.cases} · modes {', '.join(settings.modes)}"
            + (f" · prompts {', '.join(settings.prompts)} ({settings.source})"
               if settings.prompts else "")
            + f" · reviewer {settings.reviewer} · {state}")
    cases = "".join(_case(c) for c in results.cases)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{_e(title)}</h1><p>{_e(meta)}</p></header><main>"
            f"{summary}{comparison}<section id='cases'><h2>Cases ({len(results.cases)})</h2>"
            f"{_index(results.cases)}{cases}</section></main></body></html>\n")
