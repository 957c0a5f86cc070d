from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.alert_threshold import check, loosened
from reviewer.analyzers.context import Hit

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("op", "old", "new", "expected"), [
    (">", 0.02, 0.25, True), (">", 0.02, 0.03, False), (">", 0.05, 0.01, False),
    (">=", 100, 200, True), ("<", 0.999, 0.99, True), ("<", 0.999, 0.9985, False),
    ("<", 10, 2, True), ("<", 2, 10, False), (">", 0, 5, False),
])
def test_loosened(op: str, old: float, new: float, expected: bool) -> None:
    assert loosened(op, old, new, 2) is expected


RULE = """- alert: ApiErrors
  expr: sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 0.02
  for: 5m
"""


@pytest.mark.parametrize(("after", "expected"), [
    (RULE.replace("> 0.02", "> 0.1"), [(2, "0.02", "0.1")]),
    (RULE.replace("> 0.02", "> 0.03"), []),
    (RULE.replace("> 0.02", "> 0.005"), []),
    (RULE.replace("[5m])) > 0.02", "[30m])) > 0.5"), [(2, "0.02", "0.5")]),
    (RULE.replace("errors_total[5m])) / sum(rate(requests_total[5m])) > 0.02",
                  "errors_total[5m])) > 50"), []),  # a different expression: not compared
])
def test_threshold_changes(hits: RunCheck, after: str,
                           expected: list[tuple[int, str, str]]) -> None:
    found = hits(check, "alerts/api.yaml", RULE, after)
    assert [(h.line, h.values["old"], h.values["new"]) for h in found] == expected
