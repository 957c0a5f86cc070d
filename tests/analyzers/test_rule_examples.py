"""Every bundled rule's examples: each must fire (or stay quiet) in bare-diff and git mode."""

from __future__ import annotations

import pytest

from reviewer.analyzers.rule_examples import run_examples
from reviewer.analyzers.rule_loader import load_rulebook
from reviewer.resources import rules_dir

BOOK = load_rulebook([rules_dir()])


@pytest.mark.parametrize("rule_id", [r.id for r in BOOK.rules])
def test_rule_examples(rule_id: str) -> None:
    results = run_examples(BOOK, [rule_id])
    failures = [f"{r.label}: {r.problem}" for r in results if not r.passed]
    assert not failures
    labels = {r.label.split("#")[0] for r in results}
    assert labels == {"fire", "ok"}


def test_a_wrong_example_is_reported() -> None:
    from dataclasses import replace

    rule = BOOK.get("k8s-replicas-cut")
    assert rule is not None
    swapped = rule.model_copy(update={"examples": rule.examples.model_copy(
        update={"fire": rule.examples.ok, "ok": rule.examples.fire})})
    book = replace(BOOK, rules=tuple(swapped if r.id == rule.id else r for r in BOOK.rules))
    problems = {r.label: r.problem for r in run_examples(book, [rule.id]) if not r.passed}
    assert problems["fire#1 [diff]"] == "did not fire"
    assert problems["ok#1 [git]"].startswith("fired but must not: line 6 (new)")
