"""``NAME=value`` list items read as keys.

Kustomize ``configMapGenerator``/``secretGenerator`` literals and Compose ``environment`` lists
carry settings as strings (``- ENFORCE_RATE_LIMIT=true``). To a parser they are list elements,
so a rule about a key (a safeguard switched off, a timeout raised, a value emptied) never sees
them. Each such item also yields a change at ``<list path>.<NAME>``: the list's change stays
as it is, and ``literals.ENFORCE_RATE_LIMIT`` goes from ``true`` to ``false`` beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reviewer.diff.model import FileChange, LineKind, Side
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange, KeyPath

_Lines = list[tuple[int, str]]

_LISTS = frozenset({"literals", "environment"})
_ITEM = re.compile(r"^\s*(?P<name>[A-Za-z_][\w.-]*)=(?P<value>.*)$")


def _assignments(value: object) -> dict[str, str]:
    if not isinstance(value, tuple | list):
        return {}
    out = {}
    for item in value:
        found = _ITEM.match(item) if isinstance(item, str) else None
        if found:
            out[found.group("name")] = found.group("value").strip()
    return out


def _assigned(value: object) -> tuple[str, str] | None:
    found = _ITEM.match(value) if isinstance(value, str) else None
    return (found.group("name"), found.group("value").strip()) if found else None


def _is_list_of_settings(path: KeyPath) -> bool:
    return bool(path) and isinstance(path[-1], str) and path[-1].lower() in _LISTS


def with_assignments(changes: tuple[KeyChange, ...], file: FileChange, before: str | None,
                     after: str | None) -> tuple[KeyChange, ...]:
    """``changes`` and, after them, one change per ``NAME=value`` setting that came, went or
    changed in a settings list, each on its own line (found in the whole texts when known,
    else in the lines the diff shows)."""
    if not any(_is_list_of_settings(c.path) for c in changes):
        return changes
    extra = list(_from_items([c for c in changes if c.item and _is_list_of_settings(c.path)]))
    lists = [c for c in changes if not c.item and _is_list_of_settings(c.path)]
    if lists:
        sides = {Side.OLD: _side_lines(file, before, Side.OLD),
                 Side.NEW: _side_lines(file, after, Side.NEW)}
        for change in lists:
            extra.extend(_from_lists(change, sides))
    return changes + tuple(extra)


def _side_lines(file: FileChange, whole: str | None, side: Side) -> _Lines:
    if whole is not None:
        return list(enumerate(whole.split("\n"), 1))
    hidden = LineKind.ADDED if side is Side.OLD else LineKind.REMOVED
    out = []
    for line in file.lines():
        number = line.old_no if side is Side.OLD else line.new_no
        if line.kind is not hidden and number is not None:
            out.append((number, line.text))
    return out


def _from_items(items: Iterable[KeyChange]) -> Iterator[KeyChange]:
    """Bare diffs: elements that came and went, paired by name."""
    gone: dict[tuple[KeyPath, str], tuple[KeyChange, str]] = {}
    came: dict[tuple[KeyPath, str], tuple[KeyChange, str]] = {}
    for change in items:
        assigned = _assigned(change.old if change.kind is ChangeKind.REMOVED else change.new)
        if assigned is None:
            continue
        side = gone if change.kind is ChangeKind.REMOVED else came
        side[(change.path, assigned[0])] = (change, assigned[1])
    for (path, name), (change, value) in came.items():
        old = gone.pop((path, name), None)
        kind = ChangeKind.CHANGED if old is not None else ChangeKind.ADDED
        if old is not None and old[1] == value:
            continue
        yield change._replace(path=(*path, name), kind=kind, item=False,
                              old=old[1] if old is not None else ABSENT, new=value)
    for (path, name), (change, value) in gone.items():
        yield change._replace(path=(*path, name), item=False, old=value, new=ABSENT)


def _from_lists(change: KeyChange, sides: dict[Side, _Lines]) -> Iterator[KeyChange]:
    """The list before and after, compared by name."""
    old, new = _assignments(change.old), _assignments(change.new)
    for name in [*new, *(n for n in old if n not in new)]:
        if old.get(name) == new.get(name):
            continue
        removed = name not in new
        kind = (ChangeKind.REMOVED if removed else
                ChangeKind.ADDED if name not in old else ChangeKind.CHANGED)
        side = Side.OLD if removed else Side.NEW
        yield change._replace(path=(*change.path, name), kind=kind,
                              old=old.get(name, ABSENT), new=new.get(name, ABSENT),
                              line=_line_of(sides[side], name, change.line), side=side,
                              subtree=None)


def _line_of(lines: _Lines, name: str, near: int) -> int:
    """The line that sets ``name`` in a list item, the first one at or after ``near``."""
    pattern = re.compile(rf"""^\s*-\s*["']?{re.escape(name)}=""")
    found = [n for n, text in lines if pattern.match(text)]
    return next((n for n in found if n >= near), found[0] if found else near)
