from __future__ import annotations

import pytest

from reviewer.analyzers.checks.size_limit import check
from reviewer.analyzers.context import FileContext
from reviewer.analyzers.scope import Scope
from reviewer.diff.model import Source, SourceMode
from reviewer.diff.parse import parse_diff
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


def _list_diff(kept: int, added: int, trailing: str) -> str:
    """A bare diff whose hunk starts inside a list the hunk header names, as git writes it."""
    start = kept - 2  # the hunk shows the list's last three items as context
    body = "".join(f'   "10.0.{n}.0/24",\n' for n in range(kept - 3, kept))
    body += "".join(f'+  "10.1.{n}.0/24",\n' for n in range(added))
    return (f"--- a/net/prod/ranges.auto.tfvars\n+++ b/net/prod/ranges.auto.tfvars\n"
            f"@@ -{start},4 +{start},{4 + added} @@ client_ranges = [\n{body}{trailing}")


@pytest.mark.parametrize(("kept", "added", "trailing", "expected"), [
    # the list closes in the hunk: at most 10 old lines above the bracket, 30 items added
    (10, 30, " ]\n", [(11, "client_ranges gained 30 items")]),
    (40, 30, " ]\n", []),  # could have held 40 already: not doubled for sure
    (10, 30, '   "10.0.99.0/24",\n', []),  # the list goes on past the hunk: size unknown
    (10, 20, " ]\n", []),  # below the minimum growth
])
def test_bare_diff_growth_of_a_list_named_by_the_hunk_header(
        kept: int, added: int, trailing: str, expected: list[tuple[int, str]]) -> None:
    change = parse_diff(_list_diff(kept, added, trailing), Source(SourceMode.DIFF, "t")).files[0]
    found = check(FileContext(change, Scope.DEFAULT), {})
    assert [(h.line, h.values["what"]) for h in found] == expected
