"""The rule figures as plain-text tables, one column per mode, side by side."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reviewer.analyzers.findings import Finding
from reviewer.evaluation.materialize import Mode
from reviewer.evaluation.scoring import ExpectedResult, Summary
from reviewer.evaluation.text_table import percent, table

DETECTION_TARGET = 0.90
FALSE_ALARM_TARGET = 0.05
_MODE_TITLES = {Mode.DIFF: "bare diff", Mode.GIT: "git"}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    return table(header, rows, indent)


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
        ["recall (expected findings met)", *_side(summaries, lambda s: s.expectations), ""],
        ["precision (hits / hits + false)", *_side(summaries, lambda s: s.precision), ""],
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
          value: Callable[[Summary, int], object]) -> str:
    return "/".join(str(value(s, index)) for s in summaries.values())


def _modes(summaries: Mapping[Mode, Summary]) -> str:
    return "/".join(_MODE_TITLES[m].split()[-1] for m in summaries)


def _rules(summaries: Mapping[Mode, Summary]) -> list[str]:
    first = next(iter(summaries.values()))
    active = [i for i, t in enumerate(first.rules)
              if any(s.rules[i].expected or s.rules[i].hits or s.rules[i].wrong
                     for s in summaries.values())]
    rows = [[first.rules[i].rule_id, first.rules[i].category,
             _pair(summaries, i, lambda s, k: percent(s.rules[k].precision)),
             _pair(summaries, i, lambda s, k: percent(s.rules[k].recall)),
             _pair(summaries, i, lambda s, k: s.rules[k].hits),
             _pair(summaries, i, lambda s, k: f"{s.rules[k].met}:{s.rules[k].expected}"),
             _pair(summaries, i, lambda s, k: s.rules[k].false_benign),
             _pair(summaries, i, lambda s, k: s.rules[k].false_risky)]
            for i in active]
    header = [f"Per rule ({_modes(summaries)})", "category", "precision", "recall", "hits",
              "met:expected", "false benign", "false risky"]
    quiet = len(first.rules) - len(active)
    note = ([f"({quiet} other rules neither fired nor were expected on these cases)"]
            if quiet else [])
    return [*_table(header, rows, indent=""), *note]


def _categories(summaries: Mapping[Mode, Summary]) -> list[str]:
    first = next(iter(summaries.values()))
    rows = [[t.category, str(t.rules), str(t.expected),
             _pair(summaries, i, lambda s, k: percent(s.categories[k].precision)),
             _pair(summaries, i, lambda s, k: percent(s.categories[k].recall)),
             _pair(summaries, i, lambda s, k: s.categories[k].matched),
             _pair(summaries, i, lambda s, k: s.categories[k].flagged),
             _pair(summaries, i, lambda s, k: s.categories[k].false)]
            for i, t in enumerate(first.categories)]
    header = [f"Per category ({_modes(summaries)})", "rules", "expected", "precision",
              "recall", "detected", "flagged", "false"]
    return _table(header, rows, indent="")


def _rule_cases(summaries: Mapping[Mode, Summary]) -> list[str]:
    """Per rule, the cases it missed and those it flagged wrongly, tagged when one mode only."""
    lines = []
    first = next(iter(summaries.values()))
    for index, score in enumerate(first.rules):
        for label in ("missed", "wrong"):
            seen: dict[str, set[Mode]] = {}
            for mode, summary in summaries.items():
                row = summary.rules[index]
                for name in row.missed if label == "missed" else row.wrong:
                    seen.setdefault(name, set()).add(mode)
            if seen:
                names = ", ".join(f"{_modes_tag(summaries, present)}{name}"
                                  for name, present in sorted(seen.items()))
                lines.append(f"  {score.rule_id} {label}: {names}")
    return [f"Cases per rule: missed (an expectation it answers for, unmet) and wrong "
            f"(a false finding) ({len(lines)})", *lines]


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
             _categories(summaries), _misses(summaries), _false_alarms(summaries),
             _rule_cases(summaries)]
    lines: list[str] = []
    for part in parts:
        lines.extend([*part, ""])
    lines.extend(_errors(summaries))
    return "\n".join(lines).rstrip("\n") + "\n"
