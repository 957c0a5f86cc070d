from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck


def items(name: str, count: int) -> str:
    return f"{name}:\n" + "".join(f"  - item-{n}\n" for n in range(count))


def entries(name: str, count: int) -> str:
    return f"{name}:\n" + "".join(f"  - name: entry-{n}\n    weight: {n}\n" for n in range(count))


@pytest.mark.parametrize(("before", "after", "options", "mode", "expected"), [
    (items("rules", 10), items("rules", 40), {}, "git", [(1, "rules grew from 10 to 40 items")]),
    (items("rules", 10), items("rules", 30), {}, "git", []),
    (items("rules", 100), items("rules", 190), {}, "git", []),
    (items("rules", 10), items("rules", 40), {}, "diff", []),
    (items("rules", 10), items("rules", 110), {}, "diff", [(12, "rules gained 100 items")]),
    # A hunk that starts inside a list of mappings: the entries count by their keys.
    (entries("rules", 10), entries("rules", 110), {}, "diff", [(22, "rules gained 100 items")]),
    (entries("rules", 10), entries("rules", 50), {}, "diff", []),
    ("max_rules: 40\n" + items("rules", 30), "max_rules: 40\n" + items("rules", 37),
     {"kind": "near-limit"}, "git", [(2, "rules has 37 items and is close to max_rules = 40")]),
    ("max_rules: 40\n" + items("rules", 37), "max_rules: 40\n" + items("rules", 38),
     {"kind": "near-limit"}, "git", []),
    ("rule_limit: 50\n" + items("rules", 10), "rule_limit: 30\n" + items("rules", 31),
     {"kind": "near-limit"}, "git", [(2, "rules has 31 items and exceeds rule_limit = 30")]),
    ("max_connections: 5\n" + items("rules", 10), "max_connections: 5\n" + items("rules", 12),
     {"kind": "near-limit"}, "git", []),
])
def test_growth_and_limits(run_check: RunCheck, before: str, after: str,
                           options: dict[str, object], mode: str,
                           expected: list[tuple[int, str]]) -> None:
    found = run_check("size-limit", "config/generated/rules.yaml", before, after, options,
                      mode=mode)
    assert [(line, what) for line, _, what in found] == expected
