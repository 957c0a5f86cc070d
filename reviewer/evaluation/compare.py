"""What changed between two runs over the same cases: rules at two revisions, two prompts, or
two results files.

Rules: per case and mode, findings that appeared or went away (a *hit* meets an expectation,
a *false* finding is an alarm that meets none), expectations newly met or missed, and verdict
changes. Prompts: per case, expected points gained or lost, forbidden points, validity and
grounding. The figures are set side by side with their difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reviewer.evaluation.results import (
    CaseOut,
    Change,
    Comparison,
    FindingOut,
    ModeOutcome,
    ModeSummary,
    PromptSummary,
    Rate,
    Results,
    RunOut,
)
from reviewer.evaluation.text_table import table

ORDER = ("lost hit", "new false", "newly missed", "verdict worse", "new hit", "gone false",
         "newly met", "verdict better", "verdict", "severity", "moved", "point lost",
         "point gained", "forbidden mentioned", "forbidden dropped", "answer", "grounding",
         "case")
"""Regressions first, then improvements, then the rest."""


def _finding_key(f: FindingOut) -> tuple[str, str, int, str]:
    return (f.rule_id, f.path, f.line, f.side)


def _finding_text(f: FindingOut) -> str:
    return f"{f.rule_id} {f.severity} at {f.path}:{f.line} ({f.category})"


def _mode_changes(case: str, mode: str, before: ModeOutcome,
                  after: ModeOutcome) -> list[Change]:
    changes = []
    old = {_finding_key(f): f for f in before.findings}
    new = {_finding_key(f): f for f in after.findings}
    gone = [old[k] for k in sorted(old.keys() - new.keys())]
    came = [new[k] for k in sorted(new.keys() - old.keys())]
    # A finding that only moved (another line, another severity) is one change, not a loss
    # and a gain, as long as it still meets (or still misses) the same expectations.
    for f in list(came):
        twin = next((g for g in gone if (g.rule_id, g.path, g.side, g.hit, g.false)
                     == (f.rule_id, f.path, f.side, f.hit, f.false)), None)
        if twin is not None:
            gone.remove(twin)
            came.remove(f)
            changes.append(Change(kind="moved", case=case, mode=mode,
                                  detail=f"{_finding_text(f)}, was {twin.severity} at line "
                                         f"{twin.line}"))
    for f in came:
        if f.hit or f.false:
            changes.append(Change(kind="new hit" if f.hit else "new false", case=case,
                                  mode=mode, detail=_finding_text(f)))
    for f in gone:
        if f.hit or f.false:
            changes.append(Change(kind="lost hit" if f.hit else "gone false", case=case,
                                  mode=mode, detail=_finding_text(f)))
    for key in sorted(old.keys() & new.keys()):
        if old[key].severity != new[key].severity:
            changes.append(Change(kind="severity", case=case, mode=mode,
                                  detail=f"{_finding_text(new[key])}, was {old[key].severity}"))
    was_met = {e.where: bool(e.met_by) for e in before.expectations}
    for e in after.expectations:
        if e.where in was_met and was_met[e.where] != bool(e.met_by):
            changes.append(Change(kind="newly met" if e.met_by else "newly missed", case=case,
                                  mode=mode, detail=e.describe()))
    if before.verdict != after.verdict:
        better = after.verdict_met and not before.verdict_met
        worse = before.verdict_met and not after.verdict_met
        kind = "verdict better" if better else "verdict worse" if worse else "verdict"
        changes.append(Change(kind=kind, case=case, mode=mode,
                              detail=f"{before.verdict} -> {after.verdict}"))
    return changes


def rule_changes(before: Results, after: Results) -> list[Change]:
    old = {c.name: c for c in before.cases}
    changes: list[Change] = []
    for case in after.cases:
        previous = old.pop(case.name, None)
        if previous is None:
            changes.append(Change(kind="case", case=case.name, detail="only in the new run"))
            continue
        for mode, outcome in case.modes.items():
            if mode in previous.modes:
                changes.extend(_mode_changes(case.name, mode, previous.modes[mode], outcome))
    changes.extend(Change(kind="case", case=name, detail="only in the old run") for name in old)
    return _sorted(_merge_modes(changes))


def _merge_modes(changes: list[Change]) -> list[Change]:
    """The same change in several modes, said once: ``[diff, git]``."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for change in changes:
        merged.setdefault((change.kind, change.case, change.detail), []).append(change.mode)
    return [Change(kind=kind, case=case, mode=", ".join(m for m in modes if m), detail=detail)
            for (kind, case, detail), modes in merged.items()]


def _sorted(changes: list[Change]) -> list[Change]:
    rank = {kind: i for i, kind in enumerate(ORDER)}
    return sorted(changes, key=lambda c: (rank.get(c.kind, len(ORDER)), c.case, c.mode))


def _majority(runs: Sequence[RunOut], pick: Callable[[RunOut], list[str]]) -> set[str]:
    """Points found in at least half of the answered runs."""
    answered = [r for r in runs if r.status == "ok"]
    counts: dict[str, int] = {}
    for run in answered:
        for point in pick(run):
            counts[point] = counts.get(point, 0) + 1
    return {p for p, n in counts.items() if 2 * n >= len(answered)}


def _mean_grounding(runs: Sequence[RunOut]) -> float | None:
    values = [r.grounding.value for r in runs if r.grounding.value is not None]
    return sum(values) / len(values) if values else None


def prompt_changes(before: Results, before_prompt: str, after: Results,
                   after_prompt: str) -> list[Change]:
    old = {c.name: c.narratives.get(before_prompt, []) for c in before.cases}
    changes: list[Change] = []
    for case in after.cases:
        runs, previous = case.narratives.get(after_prompt, []), old.get(case.name, [])
        if not runs or not previous:
            continue
        changes.extend(_case_prompt_changes(case, previous, runs))
    return _sorted(changes)


def _case_prompt_changes(case: CaseOut, before: list[RunOut],
                         after: list[RunOut]) -> list[Change]:
    changes = []

    def found(r: RunOut) -> list[str]:
        return [p.point for p in r.points if p.found]

    def mentioned(r: RunOut) -> list[str]:
        return [p.point for p in r.mentioned]

    was, now = _majority(before, found), _majority(after, found)
    changes += [Change(kind="point lost", case=case.name, detail=p) for p in sorted(was - now)]
    changes += [Change(kind="point gained", case=case.name, detail=p) for p in sorted(now - was)]
    was, now = _majority(before, mentioned), _majority(after, mentioned)
    changes += [Change(kind="forbidden mentioned", case=case.name, detail=p)
                for p in sorted(now - was)]
    changes += [Change(kind="forbidden dropped", case=case.name, detail=p)
                for p in sorted(was - now)]
    ok_before = sum(r.status == "ok" for r in before)
    ok_after = sum(r.status == "ok" for r in after)
    if ok_before / len(before) != ok_after / len(after):
        changes.append(Change(kind="answer", case=case.name,
                              detail=f"answered {ok_before}/{len(before)} -> "
                                     f"{ok_after}/{len(after)} runs"))
    g_before, g_after = _mean_grounding(before), _mean_grounding(after)
    if g_before is not None and g_after is not None and abs(g_before - g_after) >= 0.005:
        changes.append(Change(kind="grounding", case=case.name,
                              detail=f"grounded {g_before:.0%} -> {g_after:.0%}"))
    return changes


def compare_results(before: Results, after: Results, before_name: str,
                    after_name: str) -> Comparison:
    """Two results files of the same kind; prompts compare each file's first prompt."""
    if before.kind != after.kind:
        from reviewer.errors import UserError

        raise UserError(f"cannot compare a {before.kind} run with a {after.kind} run")
    if before.kind == "rules":
        return Comparison(before=before_name, after=after_name, rules=before.rules,
                          changes=rule_changes(before, after))
    first = before.settings.prompts[0] if before.settings.prompts else ""
    second = after.settings.prompts[0] if after.settings.prompts else ""
    return Comparison(before=f"{before_name} ({first})", after=f"{after_name} ({second})",
                      changes=prompt_changes(before, first, after, second))


def _delta(old: Rate, new: Rate) -> str:
    if old.value is None or new.value is None:
        return ""
    points = round((new.value - old.value) * 100)
    return f"{points:+d} pts" if points else "="


def rule_figures(before: Sequence[ModeSummary], after: Sequence[ModeSummary],
                 names: tuple[str, str]) -> list[str]:
    lines = []
    old = {s.mode: s for s in before}
    for summary in after:
        prior = old.get(summary.mode)
        if prior is None:
            continue
        rows = [[label, str(pick(prior)), str(pick(summary)), _delta(pick(prior), pick(summary))]
                for label, pick in _RULE_FIGURES]
        lines += _table_lines(f"{summary.mode} mode", names, rows)
        rule_rows = []
        prior_rules = {r.rule_id: r for r in prior.rules}
        for row in summary.rules:
            was = prior_rules.get(row.rule_id)
            active = row.expected or row.hits or row.wrong
            if (was is None and not active) or (
                    was is not None and (was.precision, was.recall) == (row.precision,
                                                                        row.recall)):
                continue
            rule_rows.append([row.rule_id, _moved(was.precision if was else None, row.precision),
                              _moved(was.recall if was else None, row.recall)])
        if rule_rows:
            lines += ["", *table(["rules that moved", "precision", "recall"], rule_rows)]
        lines.append("")
    return lines


def _moved(old: Rate | None, new: Rate) -> str:
    def counts(rate: Rate) -> str:
        return f"{rate.hits}/{rate.total}" if rate.total else "-"

    return f"{counts(old) if old else 'new rule'} -> {counts(new)}"


_RULE_FIGURES: list[tuple[str, Callable[[ModeSummary], Rate]]] = [
    ("detected", lambda s: s.detection),
    ("false alarms", lambda s: s.false_alarms),
    ("verdict as expected", lambda s: s.verdicts),
    ("recall", lambda s: s.expectations),
    ("precision", lambda s: s.precision),
]


def _table_lines(title: str, names: tuple[str, str], rows: list[list[str]]) -> list[str]:
    return table([title, names[0], names[1], "change"], rows)


def prompt_figures(before: PromptSummary, after: PromptSummary,
                   names: tuple[str, str]) -> list[str]:
    rows = [[label, str(pick(before)), str(pick(after)), _delta(pick(before), pick(after))]
            for label, pick in _PROMPT_FIGURES]
    return [*_table_lines("prompt figures", names, rows), ""]


_PROMPT_FIGURES: list[tuple[str, Callable[[PromptSummary], Rate]]] = [
    ("schema valid", lambda s: s.valid),
    ("grounded concerns", lambda s: s.grounding),
    ("expected points covered", lambda s: s.coverage),
    ("benign cases escalated", lambda s: s.benign_escalated),
]


def render_changes(changes: Sequence[Change], limit: int = 200) -> list[str]:
    if not changes:
        return ["No case changed."]
    lines = [f"Changes ({len(changes)})"]
    for change in changes[:limit]:
        mode = f" [{change.mode}]" if change.mode else ""
        lines.append(f"  {change.kind:<19} {change.case}{mode}: {change.detail}")
    if len(changes) > limit:
        lines.append(f"  ... and {len(changes) - limit} more (all of them are in the JSON)")
    return lines
