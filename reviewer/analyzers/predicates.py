"""Predicates on a key change's old and new values (``becomes: false``, ``decreases_by_factor``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from reviewer.analyzers import values as v
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange

_WHOLE_NODE = frozenset({"removed", "added", "changed", "parent_kept", "block_depth"})


def _number_pair(change: KeyChange) -> tuple[float | None, float | None]:
    return v.as_number(change.old), v.as_number(change.new)


def _becomes(c: KeyChange, want: Any) -> bool:
    return (c.kind is not ChangeKind.REMOVED and not c.item and v.equals(c.new, want)
            and not v.equals(c.old, want))


def _was(c: KeyChange, want: Any) -> bool:
    return c.kind is not ChangeKind.ADDED and not c.item and v.equals(c.old, want)


def _increases_to(c: KeyChange, limit: float) -> bool:
    old, new = _number_pair(c)
    return new is not None and new >= limit and (old is None or old < limit)


def _increases_by(c: KeyChange, factor: float) -> bool:
    old, new = _number_pair(c)
    return old is not None and new is not None and old > 0 and new >= old * factor


def _decreases_by(c: KeyChange, factor: float) -> bool:
    old, new = _number_pair(c)
    return old is not None and new is not None and old > 0 and new * factor <= old


def _decreases_to(c: KeyChange, limit: float) -> bool:
    old, new = _number_pair(c)
    return old is not None and new is not None and new <= limit < old


def _decreases(c: KeyChange, on: bool) -> bool:
    old, new = _number_pair(c)
    return (old is not None and new is not None and new < old) is on


def _increases(c: KeyChange, on: bool) -> bool:
    old, new = _number_pair(c)
    return (old is not None and new is not None and new > old) is on


def _parent_kept(c: KeyChange, depth: bool | int) -> bool:
    """The first ``depth`` segments stayed. ``True`` (the block holding the matched key) is
    judged by the matcher, which knows which ancestor of the change the pattern matched."""
    if isinstance(depth, bool):
        return True
    # A partial path's depth is unknown: give it the benefit of the doubt.
    return c.partial or c.subtree is None or c.subtree > depth


def _block_depth(c: KeyChange, depth: int) -> bool:
    if c.partial:
        return True
    return (c.subtree if c.subtree is not None else len(c.path)) == depth


def _emptied(c: KeyChange, want: bool) -> bool:
    return (c.kind is ChangeKind.CHANGED and v.is_empty(c.new) and not v.is_empty(c.old)
            and c.old is not ABSENT) is want


def _contains(c: KeyChange, needle: Any) -> bool:
    return v.contains(c.new, needle) and not v.contains(c.old, needle)


def _in(items: list[Any], needle: Any) -> bool:
    return any(v.equals(item, needle) for item in items) if needle is not None else bool(items)


def _gains(c: KeyChange, needle: Any) -> bool:
    if c.item:
        return c.kind is ChangeKind.ADDED and (needle is None or v.equals(c.new, needle))
    if not isinstance(c.new, tuple | list):
        return False
    gained = [x for x in v.elements(c.new) if not _in(v.elements(c.old), x)]
    return _in(gained, needle)


def _loses(c: KeyChange, needle: Any) -> bool:
    if c.item:
        return c.kind is ChangeKind.REMOVED and (needle is None or v.equals(c.old, needle))
    if not isinstance(c.old, tuple | list):
        return False
    lost = [x for x in v.elements(c.old) if not _in(v.elements(c.new), x)]
    return _in(lost, needle)


@functools.lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matches(c: KeyChange, pattern: str) -> bool:
    regex = _regex(pattern)
    new_hit = isinstance(c.new, str) and regex.search(c.new) is not None
    old_hit = isinstance(c.old, str) and regex.search(c.old) is not None
    return new_hit and not old_hit


def _stops_matching(c: KeyChange, pattern: str) -> bool:
    if c.kind is not ChangeKind.CHANGED or c.item:
        return False
    regex = _regex(pattern)
    return _scalar_hit(regex, c.old) and not _scalar_hit(regex, c.new)


def _gains_matching(c: KeyChange, pattern: str) -> bool:
    regex = _regex(pattern)
    if c.item:
        return c.kind is ChangeKind.ADDED and _scalar_hit(regex, c.new)
    old = v.elements(c.old)
    return any(_scalar_hit(regex, x) and not _in(old, x) for x in v.elements(c.new))


def _scalar_hit(regex: re.Pattern[str], value: Any) -> bool:
    if value is None or isinstance(value, dict | list | tuple):
        return False
    return regex.search(str(value)) is not None


def _shrinks_to(c: KeyChange, limit: int) -> bool:
    if not isinstance(c.old, tuple | list) or not isinstance(c.new, tuple | list):
        return False
    return len(c.new) <= limit < len(c.old)


def _fewer_items(c: KeyChange, on: bool) -> bool:
    """Fewer elements than before; one element leaving a list seen only in part counts."""
    if c.item:
        return (c.kind is ChangeKind.REMOVED) is on
    if not isinstance(c.old, tuple | list) or not isinstance(c.new, tuple | list):
        return not on
    return (len(c.new) < len(c.old)) is on


_PREDICATES: dict[str, Callable[[KeyChange, Any], bool]] = {
    "becomes": _becomes,
    "was": _was,
    "from_true_to_false": lambda c, on: (not on) or (
        c.kind is ChangeKind.CHANGED and v.as_bool(c.old) is True and v.as_bool(c.new) is False),
    "from_false_to_true": lambda c, on: (not on) or (
        c.kind is ChangeKind.CHANGED and v.as_bool(c.old) is False and v.as_bool(c.new) is True),
    "increases_to_at_least": _increases_to,
    "increases_by_factor": _increases_by,
    "decreases_by_factor": _decreases_by,
    "decreases_to_at_most": _decreases_to,
    "decreases": _decreases,
    "increases": _increases,
    "removed": lambda c, on: (c.kind is ChangeKind.REMOVED and not c.item) is on,
    "added": lambda c, on: (c.kind is ChangeKind.ADDED and not c.item) is on,
    "emptied": _emptied,
    "contains": _contains,
    "gains_item": _gains,
    "loses_item": _loses,
    "matches": _matches,
    "shrinks_to_at_most": _shrinks_to,
    "fewer_items": _fewer_items,
    "changed": lambda c, on: (c.kind is ChangeKind.CHANGED) is on,
    "gains_item_matching": _gains_matching,
    "stops_matching": _stops_matching,
    "parent_kept": _parent_kept,
    "block_depth": _block_depth,
}


def compiled(predicates: Mapping[str, Any]) -> Callable[[KeyChange], bool]:
    """``holds`` for one fixed set of predicates, with the functions looked up once."""
    steps = tuple((_PREDICATES[name], want) for name, want in predicates.items())

    def check(change: KeyChange) -> bool:
        for predicate, want in steps:
            if not predicate(change, want):
                return False
        return True

    return check


def holds(predicates: dict[str, Any], change: KeyChange) -> bool:
    """All stated predicates hold for ``change`` (no predicates: any change)."""
    for name, want in predicates.items():
        if not _PREDICATES[name](change, want):
            return False
    return True


def whole_node_only(predicates: dict[str, Any]) -> bool:
    """Predicates that make sense for a block that came or went as a whole."""
    return set(predicates) <= _WHOLE_NODE
