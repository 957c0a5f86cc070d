"""``reviewer rules test``: every example must fire (or stay quiet) in bare-diff and git mode."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import NamedTuple

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.rule_loader import RuleBook
from reviewer.analyzers.rule_model import Example, Rule
from reviewer.analyzers.ruleset import RuleSet
from reviewer.diff.model import ChangeSet, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.diff.synthetic import changeset


class ExampleResult(NamedTuple):
    rule_id: str
    label: str
    passed: bool
    problem: str | None = None


def example_changes(example: Example, mode: str) -> ChangeSet:
    """The change an example describes, as a bare diff (``diff``) or with whole texts (``git``)."""
    if example.diff is not None:
        return parse_diff(example.diff, Source(SourceMode.DIFF, "example"))
    files = [(f.path, f.before, f.after) for f in example.files]
    if example.path is not None:
        files.insert(0, (example.path, example.before, example.after))
    return changeset(files, git=mode == "git")


def _check(ruleset: RuleSet, rule: Rule, example: Example, expect_fire: bool,
           mode: str) -> str | None:
    changes = example_changes(example, mode)
    if mode == "diff":
        changes = replace(changes, files=tuple(replace(f, before=None, after=None)
                                               for f in changes.files))
    analysis = analyze(changes, ruleset)
    if analysis.errors:
        return "; ".join(analysis.errors)
    mine = [f for f in analysis.findings if f.rule_id == rule.id]
    if not expect_fire:
        if mine:
            f = mine[0]
            return f"fired but must not: line {f.line} ({f.side.value}): {f.evidence}"
        return None
    if not mine:
        return "did not fire"
    if example.line is not None and not any(f.line == example.line for f in mine):
        return f"fired on line(s) {sorted({f.line for f in mine})}, expected {example.line}"
    if example.severity is not None and not any(f.severity is example.severity for f in mine):
        return (f"fired with severity {sorted({f.severity.value for f in mine})}, "
                f"expected {example.severity.value}")
    return None


def _cases(rule: Rule) -> Iterator[tuple[str, Example, bool]]:
    for index, example in enumerate(rule.examples.fire, 1):
        yield f"fire#{index}", example, True
    for index, example in enumerate(rule.examples.ok, 1):
        yield f"ok#{index}", example, False


def run_examples(book: RuleBook, ids: Sequence[str] | None = None) -> list[ExampleResult]:
    ruleset = book.compiled()
    results = []
    for rule in book.rules:
        if ids is not None and rule.id not in ids:
            continue
        for label, example, expect_fire in _cases(rule):
            for mode in example.modes:
                problem = _check(ruleset, rule, example, expect_fire, mode)
                results.append(ExampleResult(rule.id, f"{label} [{mode}]", problem is None,
                                             problem))
    return results
