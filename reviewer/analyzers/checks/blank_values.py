"""Records that arrive with fields blank or missing, where a control plane consumes them.

- ``kind: blank-entry``: a new list entry (a policy, rule or route) with at least
  ``min_blank`` (default 2) fields set to null or "", beside fields that are filled in: a
  quota policy with a blank consumer, unit and limit.
- ``kind: short-record``: a positional record (a list of values of mixed types, read by
  position against a template) with fewer values than its sibling records, which all agree
  on their length and types: a content instance with one field too few for its template.

Siblings are read from the new side: the whole file when known, otherwise the lines the diff
shows, so in a bare diff a record is compared with the records around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import LineKind
from reviewer.structured.model import ChangeKind, KeyChange, KeyPath, erase_indices, format_path


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``kind`` (``blank-entry``, default, or ``short-record``), ``min_blank``."""
    if options.get("kind", "blank-entry") == "short-record":
        return _short_records(ctx)
    return _blank_entries(ctx, int(options.get("min_blank", 2)))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _entries(changes: Iterable[KeyChange]) -> Iterator[list[KeyChange]]:
    """Fields that came with a new list element, one list per element: a repeated field
    name starts the next element (a bare diff does not know the elements' positions)."""
    group: list[KeyChange] = []
    for change in changes:
        parent = change.path[:-1]
        fits = (change.kind is ChangeKind.ADDED and not change.item and len(change.path) >= 2
                and (parent[-1] is None or isinstance(parent[-1], int))
                and not isinstance(change.new, dict | list | tuple))
        if group and (not fits or parent != group[0].path[:-1] or change.doc != group[0].doc
                      or change.path[-1] in {c.path[-1] for c in group}):
            yield group
            group = []
        if fits:
            group.append(change)
    if group:
        yield group


def _blank_entries(ctx: FileContext, min_blank: int) -> Iterator[Hit]:
    if not any(c.kind is ChangeKind.ADDED and _blank(c.new) for c in ctx.structured.changes):
        return
    changes = sorted(ctx.structured.changes, key=lambda c: (c.line, c.side.value))
    for entry in _entries(changes):
        blanks = [c for c in entry if _blank(c.new)]
        if len(blanks) < min_blank or len(blanks) == len(entry):
            continue
        first = blanks[0]
        names = ", ".join(str(c.path[-1]) for c in blanks)
        where = format_path(first.path[:-1], first.partial)
        label = next((str(c.new) for c in entry if c.path[-1] in ("name", "id", "key")), where)
        yield Hit(first.line, first.side, clip(ctx.line_text(first.side, first.line) or names),
                  anchor=f"blank-entry|{where}|{label}",
                  values={"entry": label, "fields": names}, key=where)


_Kind = str


def _kinds(record: tuple[Any, ...]) -> tuple[_Kind, ...]:
    return tuple("bool" if isinstance(v, bool) else "number" if isinstance(v, int | float)
                 else "null" if v is None else "text" for v in record)


def _positional(value: Any) -> bool:
    """A list read by position: at least three scalars of at least two kinds."""
    return (isinstance(value, tuple | list) and len(value) >= 3
            and not any(isinstance(v, dict | list | tuple) for v in value)
            and len(set(_kinds(tuple(value)))) >= 2)


def _short_records(ctx: FileContext) -> Iterator[Hit]:
    candidates = [c for c in ctx.structured.changes
                  if c.kind is not ChangeKind.REMOVED and not c.item and _positional(c.new)]
    if not candidates or ctx.structured.format is None:
        return
    records = ctx.memo("records", _records_in_view)
    for change in candidates:
        new = tuple(change.new)
        others = [r for line, r in records.get(erase_indices(change.path), ())
                  if line != change.line]
        lengths = {len(r) for r in others}
        if len(lengths) != 1 or len(new) >= (size := lengths.pop()):
            continue
        if any(_kinds(r)[:len(new)] != _kinds(new) for r in others):
            continue
        what = f"{format_path(change.path, change.partial)} has {len(new)} values"
        yield Hit(change.line, change.side,
                  clip(ctx.line_text(change.side, change.line) or what),
                  anchor=f"short-record|{format_path(change.path, change.partial)}",
                  values={"what": what, "expected": str(size)},
                  key=format_path(change.path, change.partial))


def _records_in_view(ctx: FileContext) -> dict[tuple[str, ...], list[tuple[int, tuple[Any, ...]]]]:
    """Every positional record on the new side, by its path without list positions."""
    from reviewer.structured.outline import outline

    fmt = ctx.structured.format
    assert fmt is not None
    views: list[tuple[list[str], list[int], bool]] = []
    if ctx.change.after is not None:
        lines = ctx.change.after.split("\n")
        views.append((lines, list(range(1, len(lines) + 1)), True))
    else:
        for hunk in ctx.change.hunks:
            shown = [ln for ln in hunk.lines if ln.kind is not LineKind.REMOVED]
            views.append(([ln.text for ln in shown], [ln.number for ln in shown], False))
    out: dict[tuple[str, ...], list[tuple[int, tuple[Any, ...]]]] = {}
    for texts, numbers, complete in views:
        for entry in outline(fmt, texts, None, complete):
            if _positional(entry.value):
                path: KeyPath = entry.path
                out.setdefault(erase_indices(path), []).append(
                    (numbers[entry.row], tuple(entry.value)))
    return out
