from __future__ import annotations

from typing import Any

import pytest

from reviewer.analyzers import values
from reviewer.analyzers.predicates import holds
from reviewer.diff.model import Side
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange


def change(old: Any, new: Any, *, item: bool = False) -> KeyChange:
    kind = (ChangeKind.ADDED if old is ABSENT else
            ChangeKind.REMOVED if new is ABSENT else ChangeKind.CHANGED)
    return KeyChange(("k",), kind, old, new, 1, Side.NEW, item=item)


@pytest.mark.parametrize(("predicates", "old", "new", "expected"), [
    ({"becomes": False}, True, False, True),
    ({"becomes": False}, "yes", "off", True),
    ({"becomes": False}, False, False, False),
    ({"becomes": False}, ABSENT, False, True),
    ({"becomes": "Recreate"}, "RollingUpdate", "recreate", True),
    ({"becomes": 0}, 14, 0, True),
    ({"becomes": None}, "x", None, True),
    ({"from_true_to_false": True}, True, False, True),
    ({"from_true_to_false": True}, ABSENT, False, False),
    ({"from_true_to_false": True}, "true", "false", True),
    ({"increases_to_at_least": 100}, 5, 100, True),
    ({"increases_to_at_least": 100}, "25%", "100%", True),
    ({"increases_to_at_least": 100}, 100, 100, False),
    ({"increases_to_at_least": 100}, ABSENT, 100, True),
    ({"decreases_by_factor": 4}, 12, 3, True),
    ({"decreases_by_factor": 4}, 12, 4, False),
    ({"decreases_by_factor": 2}, "10m", "30s", True),
    ({"decreases_by_factor": 2}, 3, 0, True),
    ({"increases_by_factor": 10}, "2s", "30s", True),
    ({"decreases_to_at_most": 1}, 3, 1, True),
    ({"removed": True}, True, ABSENT, True),
    ({"removed": True}, True, False, False),
    ({"added": True}, ABSENT, 1, True),
    ({"emptied": True}, ("a", "b"), (), True),
    ({"emptied": True}, "x", "", True),
    ({"emptied": True}, "x", None, True),
    ({"emptied": True}, ABSENT, None, False),
    ({"emptied": True}, (), (), False),
    ({"contains": "*"}, ("us",), ("*",), True),
    ({"contains": "*"}, ("*",), ("*", "eu"), False),
    ({"contains": "*"}, "s3:GetObject", "s3:*", True),
    ({"contains": "0.0.0.0/0"}, ABSENT, ("0.0.0.0/0",), True),
    ({"gains_item": "all"}, ("eu",), ("eu", "all"), True),
    ({"loses_item": None}, ("test", "scan"), ("test",), True),
    ({"loses_item": "scan"}, ("test", "scan"), ("scan",), False),
    ({"shrinks_to_at_most": 1}, ("a", "b", "c"), ("a",), True),
    ({"shrinks_to_at_most": 1}, ("a", "b"), ("a", "b"), False),
    ({"matches": r"\(\.\*\)\*"}, "^/api/.*$", "^/api/(.*)*$", True),
    ({"changed": True}, 1, 2, True),
    ({"decreases": True}, 2, 1, True),
    ({"decreases": True}, "10m", "90s", True),
    ({"decreases": True}, 1, 2, False),
    ({"decreases": True}, 2, 2, False),
    ({"decreases": True}, ABSENT, 0, False),
    ({"increases": True}, "5m", "1h", True),
    ({"increases": True}, 3, 3, False),
    ({"increases": True}, 3, ABSENT, False),
    ({"fewer_items": True}, ("test", "scan"), ("test",), True),
    ({"fewer_items": True}, ("test",), ("unit-tests",), False),
    ({"loses_item": None, "fewer_items": True}, ("test",), ("unit-tests",), False),
    ({"fewer_items": True}, "test", "unit", False),
    ({}, ABSENT, 2, True),
    ({"becomes": 0, "was": 14}, 14, 0, True),
    ({"becomes": 0, "was": 7}, 14, 0, False),
])
def test_predicates(predicates: dict[str, Any], old: Any, new: Any, expected: bool) -> None:
    assert holds(predicates, change(old, new)) is expected


def test_list_items_from_bare_diffs() -> None:
    lost = KeyChange(("needs",), ChangeKind.REMOVED, "test", ABSENT, 3, Side.OLD, item=True)
    assert holds({"loses_item": "test"}, lost)
    assert holds({"fewer_items": True}, lost)
    assert not holds({"removed": True}, lost)  # an element left, not the key
    gained = KeyChange(("regions",), ChangeKind.ADDED, ABSENT, "*", 3, Side.NEW, item=True)
    assert holds({"contains": "*"}, gained)
    assert holds({"gains_item": "*"}, gained)


@pytest.mark.parametrize(("text", "number"), [
    ("25%", 25.0), ("30s", 30.0), ("5m", 300.0), ("1h30m", 5400.0), ("250ms", 0.25),
    ("2d", 172800.0), (7, 7.0), ("12", 12.0), (True, None), ("fast", None),
    ("PT2H", 7200.0), ("PT10M", 600.0), ("P1DT30M", 88200.0), ("PT0.5S", 0.5), ("P2W", 1209600.0),
    ("PT", None), ("P", None), ("P1Y", None), ("pending", None),
])
def test_number_reading(text: Any, number: float | None) -> None:
    assert values.as_number(text) == number
