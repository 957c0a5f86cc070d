from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.net_removed import check
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]
ALERT = r"^\s*-\s*alert:\s*\S+"
RULES = "- alert: A\n  expr: a > 1\n- alert: B\n  expr: b > 1\n"


@pytest.mark.parametrize(("after", "expected"), [
    ("- alert: A\n  expr: a > 1\n", [(3, Side.OLD, "- alert: B")]),
    ("- alert: B\n  expr: b > 1\n", [(1, Side.OLD, "- alert: A")]),
    (RULES.replace("alert: B", "alert: BRenamed"), []),
    ("- alert: B\n  expr: b > 1\n- alert: A\n  expr: a > 1\n", []),
    ("", [(1, Side.OLD, "- alert: A"), (3, Side.OLD, "- alert: B")]),
])
def test_only_net_removals_count(hits: RunCheck, after: str,
                                 expected: list[tuple[int, Side, str]]) -> None:
    found = hits(check, "alerts/api.yaml", RULES, after or None, {"pattern": ALERT})
    assert [(h.line, h.side, h.values["match"]) for h in found] == expected


def test_deleted_files_can_be_left_to_another_match(hits: RunCheck) -> None:
    options = {"pattern": ALERT, "deleted_files": False}
    assert hits(check, "alerts/api.yaml", RULES, None, options) == []
    assert [h.line for h in hits(check, "alerts/api.yaml", RULES, "- alert: A\n  expr: a\n",
                                 options)] == [3]
