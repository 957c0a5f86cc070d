"""The corpus figures as plain-text tables, one column per mode, side by side."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reviewer.analyzers.findings import Finding
from reviewer.evaluation.materialize import Mode
from reviewer.evaluation.scoring import ExpectedResult, Summary

DETECTION_TARGET = 0.90
FALSE_ALARM_TARGET = 0.05
_MODE_TITLES = {Mode.DIFF: "bare diff", Mode.GIT: "git"}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _side(summaries: Mapping[Mode, Summary], cell: Callable[[Summary], object]) -> list[str]:
    return [str(cell(s)) for s in summaries.values()]


def _headline(summaries: Mapping[Mode, Summary]) -> list[str]:
    first = next(iter(summaries.values()))
    risky = first.detection.total
    benign = first.false_alarms.total
    lines = [f"Corpus: {risky} risky and {benign} benign cases"]
    for mode, summary in summaries.items():
        if summary.not_run:
            lines.append(f"  {_MODE_TITLES[mode]}: {len(summary.not_run)} case(s) cannot be "
                         f"read in this mode: {', '.join(summary.not_run)}")
    header = ["", *(_MODE_TITLES[m] for m in summaries), "target"]
    rows = [
        ["detected (category or rule, severity)", *_side(summaries, lambda s: s.detection), ""],
        ["flagged (right file, severity)", *_side(summaries, lambda s: s.flagged),
         f">= {DETECTION_TARGET:.0%}"],
        ["false alarms (benign at warn+)", *_side(summaries, lambda s: s.false_alarms),
         f"<= {FALSE_ALARM_TARGET:.0%}"],
        ["verdict as expected", *_side(summaries, lambda s: s.verdicts), ""],
    ]
    return [*lines, "", *_table(header, rows)]


def _confusion(summaries: Mapping[Mode, Summary]) -> list[str]:
    pairs = sorted({p for s in summaries.values() for p in s.confusion},
                   key=lambda p: (-p[0].rank, -p[1].rank))
    rows = [[f"expected {e.value} -> got {a.value}",
             *(str(s.confusion.get((e, a), 0)) for s in summaries.values())] for e, a in pairs]
    header = ["Verdicts", *(_MODE_TITLES[m] for m in summaries)]
    return _table(header, rows, indent="")


def _pair(summaries: Mapping[Mode, Summary], index: int,
          value: Callable[[Summary, int], int]) -> str:
    return "/".join(str(value(s, index)) for s in summaries.values())


def _rules(summaries: Mapping[Mode, Summary]) -> list[str]:
    first = next(iter(summaries.values()))
    modes = "/".join(_MODE_TITLES[m].split()[-1] for m in summaries)
    rows = [[t.rule_id, t.category,
             _pair(summaries, i, lambda s, k: s.rules[k].risky_cases),
             _pair(summaries, i, lambda s, k: s.rules[k].matched),
             _pair(summaries, i, lambda s, k: s.rules[k].benign_alarms)]
            for i, t in enumerate(first.rules)]
    header = [f"Per rule ({modes})", "category", "risky cases", "expected met", "benign warn+"]
    return _table(header, rows, indent="")


def _categories(summaries: Mapping[Mode, Summary]) -> list[str]:
    first = next(iter(summaries.values()))
    modes = "/".join(_MODE_TITLES[m].split()[-1] for m in summaries)
    rows = [[t.category, str(t.rules), str(t.expected),
             _pair(summaries, i, lambda s, k: s.categories[k].matched),
             _pair(summaries, i, lambda s, k: s.categories[k].flagged)]
            for i, t in enumerate(first.categories)]
    header = [f"Per category ({modes})", "rules", "expected", "detected", "flagged"]
    return _table(header, rows, indent="")


def _modes_tag(summaries: Mapping[Mode, Summary], present: set[Mode]) -> str:
    if len(summaries) == 1 or present == set(summaries):
        return ""
    return "[" + ", ".join(_MODE_TITLES[m] for m in summaries if m in present) + " only] "


def _finding_text(f: Finding) -> str:
    return f"{f.rule_id} {f.severity.value} at {f.path}:{f.line} ({f.category})"


def _misses(summaries: Mapping[Mode, Summary]) -> list[str]:
    seen: dict[tuple[str, str], tuple[ExpectedResult, set[Mode]]] = {}
    for mode, summary in summaries.items():
        for case, result in summary.misses:
            entry = seen.setdefault((case, result.where), (result, set()))
            entry[1].add(mode)
    lines = [f"Missed expectations ({len(seen)})"]
    for (case, _), (result, present) in seen.items():
        e = result.expected
        what = e.rule or e.category
        place = e.path + (f":{e.line}" if e.line else "")
        lines.append(f"  {_modes_tag(summaries, present)}{case}: {what} >= {e.severity.value} "
                     f"at {place}")
        if result.at_path:
            lines.append("      found there: " + "; ".join(_finding_text(f)
                                                           for f in result.at_path))
    return lines


def _false_alarms(summaries: Mapping[Mode, Summary]) -> list[str]:
    seen: dict[tuple[str, str, str, int], tuple[Finding, set[Mode]]] = {}
    for mode, summary in summaries.items():
        for case, f in summary.false_alarm_findings:
            entry = seen.setdefault((case, f.rule_id, f.path, f.line), (f, set()))
            entry[1].add(mode)
    lines = [f"False alarms on benign cases ({len(seen)})"]
    for (case, *_), (f, present) in seen.items():
        lines.append(f"  {_modes_tag(summaries, present)}{case}: {_finding_text(f)}: "
                     f"{f.message}")
    return lines


def _errors(summaries: Mapping[Mode, Summary]) -> list[str]:
    errors = sorted({(case, error) for s in summaries.values() for case, error in s.errors})
    if not errors:
        return []
    return ["", f"Rule errors ({len(errors)})", *(f"  {case}: {e}" for case, e in errors)]


def render_cases(summaries: Mapping[Mode, Summary]) -> str:
    """Every case with its label, verdict per mode and each finding, for reading one by one."""
    lines: list[str] = []
    names = sorted({o.case for s in summaries.values() for o in s.outcomes})
    for name in names:
        per_mode = {m: o for m, s in summaries.items() for o in s.outcomes if o.case == name}
        first = next(iter(per_mode.values()))
        verdicts = ", ".join(f"{_MODE_TITLES[m]} {o.verdict.value}" for m, o in per_mode.items())
        lines.append(f"{name} ({first.label}, expects {first.expected_verdict.value}): "
                     f"{verdicts}")
        seen: dict[tuple[str, str, int, str], tuple[Finding, set[Mode]]] = {}
        for mode, outcome in per_mode.items():
            for f in outcome.findings:
                entry = seen.setdefault((f.rule_id, f.path, f.line, f.side.value), (f, set()))
                entry[1].add(mode)
        for f, present in seen.values():
            lines.append(f"    {_modes_tag(summaries, present)}{_finding_text(f)}")
    return "\n".join(lines) + "\n"


def render(summaries: Mapping[Mode, Summary]) -> str:
    """Headline figures, verdicts, per rule, per category, then every miss and false alarm."""
    if not summaries:
        return "no modes were run\n"
    parts = [_headline(summaries), _confusion(summaries), _rules(summaries),
             _categories(summaries), _misses(summaries), _false_alarms(summaries)]
    lines: list[str] = []
    for part in parts:
        lines.extend([*part, ""])
    lines.extend(_errors(summaries))
    return "\n".join(lines).rstrip("\n") + "\n"
