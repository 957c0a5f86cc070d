"""Lists and maps that grow sharply, and lists that approach a limit declared in the same file.

Options: ``kind`` is ``growth`` (a container at least ``factor`` times larger, default 2, and
at least ``min_growth`` items more, default 25) or ``near-limit`` (a list holding at least
``near`` of a declared limit, default 0.9, such as ``rules`` against ``max_rules: 200``).

Counts come from the whole texts when known (git mode, new files); in a bare diff of a
modified file only lists whose old and new values both show are compared, and a list that
only gained lines counts as grown when it gained ``4 × min_growth`` items (entries of a list of
mappings counted by their keys, since a hunk inside the list shows keys, not whole entries).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import FileStatus, Hunk, LineKind, Side
from reviewer.structured.model import ChangeKind, KeyPath, format_path

_LIMIT = re.compile(r"^(?:max|maximum|limit)(?P<stem>\w+)$|^(?P<stem2>\w+?)(?:limit|max|cap)$")


class _Container(NamedTuple):
    path: KeyPath
    size: int
    line: int


class _Sizes(NamedTuple):
    old: dict[KeyPath, int] | None
    """None when the old side is unknown (only item additions were seen)."""
    new: dict[KeyPath, _Container]
    limits: list[tuple[KeyPath, float, int]]
    old_limits: dict[KeyPath, float]
    gained: dict[KeyPath, _Container]
    bounds: dict[KeyPath, int]
    """Bare diff: at most how many items a list that gained items held before (see
    ``_old_upper_bound``), where that can be told."""


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    sizes = ctx.memo("sizes", _sizes)
    if sizes is None:
        return
    if options.get("kind", "growth") == "near-limit":
        yield from _near_limit(sizes, float(options.get("near", 0.9)))
    else:
        yield from _growth(sizes, float(options.get("factor", 2)),
                           int(options.get("min_growth", 25)))


def _growth(sizes: _Sizes, factor: float, min_growth: int) -> Iterator[Hit]:
    for path, now in sizes.new.items():
        was = sizes.old.get(path) if sizes.old is not None else None
        if was is not None and was > 0 and now.size >= was * factor and \
                now.size - was >= min_growth:
            yield _hit(now, f"{format_path(path)} grew from {was} to {now.size} items")
    for path, gained in sizes.gained.items():
        bound = sizes.bounds.get(path)
        if gained.size >= 4 * min_growth or (
                bound is not None and gained.size >= min_growth and
                gained.size >= bound * (factor - 1)):
            # A hunk that starts inside a list does not show the list's name.
            name = format_path(path) if path else "a list"
            yield _hit(gained, f"{name} gained {gained.size} items")


def _near_limit(sizes: _Sizes, near: float) -> Iterator[Hit]:
    for limit_path, limit, _ in sizes.limits:
        stem = _stem(limit_path)
        if stem is None or limit <= 0:
            continue
        for path, now in sizes.new.items():
            name = next((s for s in reversed(path) if isinstance(s, str)), "")
            if _normal(name) not in (stem, stem + "s", stem.rstrip("s")) or path == limit_path:
                continue
            if now.size < near * limit:
                continue
            was = sizes.old.get(path) if sizes.old is not None else 0
            old_limit = sizes.old_limits.get(limit_path, limit)
            if was is not None and was >= near * old_limit and old_limit <= limit:
                continue  # already this close before the change
            verb = "exceeds" if now.size > limit else "is close to"
            yield _hit(now, f"{format_path(path)} has {now.size} items and {verb} "
                            f"{format_path(limit_path)} = {limit:g}")


def _hit(container: _Container, what: str) -> Hit:
    return Hit(container.line, Side.NEW, what, anchor=f"size|{format_path(container.path)}",
               values={"what": what},
               key=format_path(container.path) if container.path else None)


def _normal(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _stem(path: KeyPath) -> str | None:
    name = next((s for s in reversed(path) if isinstance(s, str)), "")
    found = _LIMIT.match(_normal(name))
    if found is None:
        return None
    stem = found.group("stem") or found.group("stem2") or ""
    stem = re.sub(r"(?:count|size|num|number|items|length|len)$", "", stem)
    return stem or None


def _sizes(ctx: FileContext) -> _Sizes | None:
    from reviewer.structured.extract import whole_texts
    from reviewer.structured.trees import TREE_FORMATS, parse

    fmt = ctx.structured.format
    if fmt is None:
        return None
    before, after, known = whole_texts(ctx.change)
    if known and after is not None and fmt in TREE_FORMATS:
        try:
            new_docs = parse(fmt, after)
            old_docs = parse(fmt, before) if before is not None else []
        except Exception:  # a file that does not parse: the key-level view below
            new_docs = []
        else:
            new, limits = _walk_docs(new_docs)
            old, old_limit_list = _walk_docs(old_docs)
            fresh = ctx.change.status is FileStatus.ADDED
            return _Sizes({} if fresh else {p: c.size for p, c in old.items()}, new, limits,
                          {p: v for p, v, _ in old_limit_list}, {}, {})
    return _from_changes(ctx)


def _walk_docs(docs: list[Any]) -> tuple[dict[KeyPath, _Container],
                                         list[tuple[KeyPath, float, int]]]:
    containers: dict[KeyPath, _Container] = {}
    limits: list[tuple[KeyPath, float, int]] = []

    def walk(value: Any, path: KeyPath, lines: Any) -> None:
        if isinstance(value, dict | list | tuple):
            line = lines.find(path) or 1
            if path:
                containers[path] = _Container(path, len(value), line)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                walk(item, (*path, key), lines)
        elif isinstance(value, int | float) and not isinstance(value, bool) and \
                _stem(path) is not None:
            limits.append((path, float(value), lines.find(path) or 1))

    for doc in docs:
        walk(doc.value, (), doc.lines)
    return containers, limits


_VISIBLE_LIMIT = re.compile(r'^\s*"?(?P<name>[\w-]+)"?\s*[:=]\s*(?P<value>\d+(?:\.\d+)?)\s*,?\s*$')


def _from_changes(ctx: FileContext) -> _Sizes:
    """What a bare diff shows: lists whose whole old and new values changed, items added,
    and limits on the visible lines of the new side."""
    limits: list[tuple[KeyPath, float, int]] = []
    for ln in ctx.change.lines():
        found = _VISIBLE_LIMIT.match(ln.text) if ln.side is Side.NEW else None
        if found is not None and _stem((found.group("name"),)) is not None:
            limits.append(((found.group("name"),), float(found.group("value")), ln.number))
    old: dict[KeyPath, int] = {}
    new: dict[KeyPath, _Container] = {}
    gained: dict[KeyPath, _Container] = {}
    # Entries of a list of mappings show as their keys (features[*].name, features[*].weight):
    # each key added under the list counts once per entry, the commonest key gives the count.
    entry_keys: dict[KeyPath, dict[str, _Container]] = {}
    for change in ctx.structured.changes:
        if change.kind is ChangeKind.CHANGED and isinstance(change.old, tuple | list | dict) \
                and isinstance(change.new, tuple | list | dict):
            old[change.path] = len(change.old)
            new[change.path] = _Container(change.path, len(change.new), change.line)
        elif change.item and change.kind is ChangeKind.ADDED:
            _count(gained, change.path, change.path, change.line)
        elif change.kind is ChangeKind.ADDED and len(change.path) >= 2 and \
                not isinstance(change.path[-2], str) and isinstance(change.path[-1], str):
            _count(entry_keys.setdefault(change.path[:-2], {}), change.path[-1],
                   change.path[:-2], change.line)
    for path, keys in entry_keys.items():
        most = max(keys.values(), key=lambda c: c.size)
        if path not in gained or most.size > gained[path].size:
            gained[path] = most
    if not gained:
        gained = _items_under_section(ctx.change.hunks)
    bounds = {path: bound for path, c in gained.items()
              if (bound := _old_upper_bound(ctx.change.hunks, c.line)) is not None}
    return _Sizes(old, new, limits, {}, gained, bounds)


_CLOSING = re.compile(r"^\s*[\])]")
_LIST_SECTION = re.compile(r"""^\s*["']?(?P<name>[\w.-]+)["']?\s*[=:]\s*\[\s*$""")
_SCALAR_ITEM = re.compile(r"""^\s*(?:"[^"]*"|'[^']*'|[\w./:-]+)\s*,?\s*$""")


def _items_under_section(hunks: tuple[Hunk, ...]) -> dict[KeyPath, _Container]:
    """Scalar items a bare diff adds to a list opened above the hunk, which the hunk header
    names (``@@ -14,4 +14,50 @@ partner_cidrs = [``) but the key-level view cannot see."""
    gained: dict[KeyPath, _Container] = {}
    for hunk in hunks:
        found = _LIST_SECTION.match(hunk.section or "")
        if found is None:
            continue
        path: KeyPath = (found.group("name"),)
        for ln in hunk.lines:
            if ln.kind is LineKind.ADDED and _SCALAR_ITEM.match(ln.text):
                _count(gained, path, path, ln.number)
    return gained


def _old_upper_bound(hunks: tuple[Hunk, ...], line: int) -> int | None:
    """When the list that gained items from new line ``line`` on closes inside the same hunk
    (a ``]`` context line after them), each old item sat on its own old line above that
    bracket, so the old line count before it bounds the old size (a bare diff cannot count)."""
    for hunk in hunks:
        if not hunk.new_start <= line < hunk.new_start + hunk.new_length:
            continue
        for ln in hunk.lines:
            if ln.kind is LineKind.CONTEXT and ln.new_no is not None and ln.new_no > line \
                    and ln.old_no is not None and _CLOSING.match(ln.text):
                return ln.old_no - 1
        return None
    return None


def _count(counts: dict[Any, _Container], key: Any, path: KeyPath, line: int) -> None:
    entry = counts.get(key)
    counts[key] = _Container(path, (entry.size if entry else 0) + 1,
                             entry.line if entry else line)
