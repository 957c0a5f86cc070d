from __future__ import annotations

from typing import Any

import pytest

from reviewer.analyzers.predicates import holds
from reviewer.analyzers.rule_model import Match
from reviewer.diff.model import Side
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange


def change(old: Any, new: Any, *, item: bool = False) -> KeyChange:
    kind = (ChangeKind.ADDED if old is ABSENT else
            ChangeKind.REMOVED if new is ABSENT else ChangeKind.CHANGED)
    return KeyChange(("k",), kind, old, new, 1, Side.NEW, item=item)


CAPS = r"^(?:CAP_)?(?:SYS_ADMIN|ALL)$"


@pytest.mark.parametrize(("pattern", "old", "new", "expected"), [
    (CAPS, ("NET_BIND_SERVICE",), ("NET_BIND_SERVICE", "SYS_ADMIN"), True),
    (CAPS, ABSENT, ("SYS_ADMIN",), True),  # a new key counts as gaining its elements
    (CAPS, ("SYS_ADMIN",), ("SYS_ADMIN", "NET_RAW"), False),  # already there
    (CAPS, ("SYS_ADMIN", "CHOWN"), ("CHOWN",), False),  # losing one is a tightening
    (CAPS, ("CHOWN",), ("CHOWN", "sys_admin_helper"), False),
    (r"^\*$", "s3:GetObject", "*", True),  # a single value is a one-element list
    (r"^\*$", "*", "*", False),
    (r"^\*$", ("s3:GetObject",), ("s3:*",), False),
    (r"^\*$", ("*",), ABSENT, False),  # removed entirely
    (r"(?i)\bprod\b", ("api.staging.acme.io",), ("api.staging.acme.io", "db.prod.acme.io"),
     True),
    (r"(?i)\bprod\b", ("db.preprod.acme.io",), ("db.preprod.acme.io", "x"), False),
    (r"^0$", 5, 0, True),  # values are compared as text
    (r"^\*$", ABSENT, {"AWS": "*"}, False),  # mappings are not elements
])
def test_gains_item_matching(pattern: str, old: Any, new: Any, expected: bool) -> None:
    assert holds({"gains_item_matching": pattern}, change(old, new)) is expected


PAGER = r"@pagerduty-[\w-]+"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Down. @pagerduty-api @slack-api", "Down. @slack-api", True),
    ("Down. @pagerduty-api", "Down! @pagerduty-api-v2", False),  # still pages
    ("Down. @slack-api", "Down. @slack-ops", False),  # never paged
    ("Down. @pagerduty-api", ABSENT, False),  # the key went: removal rules report that
    (ABSENT, "Down.", False),
])
def test_stops_matching(old: Any, new: Any, expected: bool) -> None:
    assert holds({"stops_matching": PAGER}, change(old, new)) is expected


def test_list_items_from_bare_diffs() -> None:
    gained = KeyChange(("add",), ChangeKind.ADDED, ABSENT, "SYS_ADMIN", 7, Side.NEW, item=True)
    lost = KeyChange(("add",), ChangeKind.REMOVED, "SYS_ADMIN", ABSENT, 7, Side.OLD, item=True)
    assert holds({"gains_item_matching": CAPS}, gained)
    assert not holds({"gains_item_matching": CAPS}, lost)


def test_rule_files_reject_a_bad_pattern() -> None:
    with pytest.raises(ValueError, match="invalid regular expression"):
        Match.model_validate({"key": ["**.add"], "gains_item_matching": "(unclosed"})
    match = Match.model_validate({"key": ["**.add"], "gains_item_matching": CAPS})
    assert match.predicates() == {"gains_item_matching": CAPS}


@pytest.mark.parametrize(("old", "new", "expected"), [
    (3, 2, True), ("2", 1, True), (1, 1, False), (1, 2, False), (ABSENT, 1, False),
    (2, ABSENT, False), ("25%", "10%", True),
])
def test_decreases(old: Any, new: Any, expected: bool) -> None:
    assert holds({"decreases": True}, change(old, new)) is expected


RESOURCE = ("resource", "github_repository_ruleset", "main")


@pytest.mark.parametrize(("path", "subtree", "partial", "expected"), [
    ((*RESOURCE, "bypass_actors", "actor_id"), 4, False, True),  # block added inside
    ((*RESOURCE, "bypass_actors", "actor_id"), 3, False, False),  # the whole resource came
    ((*RESOURCE, "bypass_actors", "actor_id"), 0, False, False),  # a new file
    ((*RESOURCE, "enforcement"), None, False, True),  # one line, seen in a bare diff
    (("bypass_actors", "actor_id"), 1, True, True),  # start unknown: cannot tell
])
def test_parent_kept(path: tuple[str, ...], subtree: int | None, partial: bool,
                     expected: bool) -> None:
    added = KeyChange(path, ChangeKind.ADDED, ABSENT, 5, 9, Side.NEW, partial=partial,
                      subtree=subtree)
    assert holds({"added": True, "parent_kept": 3}, added) is expected


STEPS = ("spec", "strategy", "canary", "steps")


@pytest.mark.parametrize(("path", "subtree", "partial", "expected"), [
    ((*STEPS, 0, "setWeight"), 4, False, True),  # the steps list itself went
    ((*STEPS, 3, "pause", "duration"), 5, False, False),  # one step went
    ((*STEPS, 0, "setWeight"), 3, False, False),  # the whole canary went
    (STEPS, None, False, True),  # `steps: []` removed on its own line (bare diff)
    (("steps", None, "setWeight"), 1, True, True),  # start unknown: cannot tell
])
def test_block_depth(path: tuple[Any, ...], subtree: int | None, partial: bool,
                     expected: bool) -> None:
    removed = KeyChange(path, ChangeKind.REMOVED, 25, ABSENT, 9, Side.OLD, partial=partial,
                        subtree=subtree)
    assert holds({"removed": True, "block_depth": 4}, removed) is expected
