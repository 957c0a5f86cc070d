"""Key changes from line views: what a bare diff shows, or whole files no parser accepts.

The old view is context plus removed lines, the new view context plus added lines. Entries on
changed lines are paired by key path (list positions ignored), so ``replicas: 12`` removed and
``replicas: 1`` added become one change ``12 → 1``.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from typing import Any

from reviewer.diff.model import DiffLine, LineKind, Side
from reviewer.structured.compare import same
from reviewer.structured.formats import Format
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange, erase_indices
from reviewer.structured.outline import CONTAINER, Entry, outline


def _expand(entries: list[Entry]) -> list[Entry]:
    """A flow mapping on one line (``metadata: {name: x}``) stands for one key per field."""
    out: list[Entry] = []
    for entry in entries:
        if isinstance(entry.value, dict) and entry.value:
            for key, value in entry.value.items():
                out.extend(_expand([entry._replace(path=(*entry.path, key), value=value)]))
        else:
            out.append(entry)
    return out


class _View:
    def __init__(self, fmt: Format, lines: Sequence[DiffLine], changed: LineKind,
                 section: str | None, rooted: bool, whole: bool) -> None:
        self.lines = lines
        self.changed_kind = changed
        self.entries = _expand(outline(fmt, [ln.text for ln in lines], section, rooted))
        self.complete = whole
        self.by_index: dict[int, Entry] = {}
        self.children: dict[int, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self.by_index.setdefault(entry.row, entry)
            if entry.parent is not None and entry.parent != entry.row:
                self.children[entry.parent].append(entry)

    def is_changed(self, entry: Entry) -> bool:
        return self.lines[entry.row].kind is self.changed_kind

    def line_no(self, entry: Entry) -> int:
        return self.lines[entry.row].number

    def list_closed(self, opener: int, last_item: int) -> bool:
        """Whether the view goes on past the list (so all of its elements are in view)."""
        if self.complete:
            return True
        for entry in reversed(self.entries):
            if entry.row <= last_item:
                return False
            if entry.parent != opener:
                return True
        return False

    def items_of(self, opener: int) -> list[Entry]:
        return [e for e in self.children.get(opener, ()) if e.item]


def pair_views(fmt: Format, old_lines: Sequence[DiffLine], new_lines: Sequence[DiffLine],
               section: str | None = None, rooted: bool = False,
               whole: bool = False) -> list[KeyChange]:
    """Key changes between two views. ``rooted``: the views start at the top of the file;
    ``whole``: they are the entire file, so every list is seen to its end."""
    old = _View(fmt, old_lines, LineKind.REMOVED, section, rooted or whole, whole)
    new = _View(fmt, new_lines, LineKind.ADDED, section, rooted or whole, whole)
    removed = [e for e in old.entries if old.is_changed(e)]
    added = [e for e in new.entries if new.is_changed(e)]
    out: list[KeyChange] = _mapping_lists(old, new)
    removed, added = _lists(old, new, removed, added, out)
    pending: dict[tuple[str, ...], deque[Entry]] = defaultdict(deque)
    for entry in removed:
        pending[erase_indices(entry.path)].append(entry)
    unpaired_added: list[Entry] = []
    paired_removed: set[int] = set()
    for entry in added:
        queue = pending.get(erase_indices(entry.path))
        if not queue:
            unpaired_added.append(entry)
            continue
        before = queue.popleft()
        paired_removed.add(id(before))
        old_value = _value(old, before)
        new_value = _value(new, entry)
        if not same(old_value, new_value):
            out.append(KeyChange(entry.path, ChangeKind.CHANGED, old_value, new_value,
                                 new.line_no(entry), Side.NEW, entry.partial))
    gone = [e for e in removed if id(e) not in paired_removed]
    out.extend(_one_sided(old, gone, ChangeKind.REMOVED))
    out.extend(_one_sided(new, unpaired_added, ChangeKind.ADDED))
    out.sort(key=lambda c: (c.line, c.side.value))
    return out


def _value(view: _View, entry: Entry) -> Any:
    if entry.value is not CONTAINER:
        return entry.value
    children = view.children.get(entry.row, [])
    if not children:
        return {}
    if all(e.item for e in children):
        return tuple(_value(view, e) for e in children)
    return {str(e.path[-1]): _value(view, e) for e in children if e.path}


def _one_sided(view: _View, entries: list[Entry], kind: ChangeKind) -> list[KeyChange]:
    """Keys that only one side has. Containers count through their contents, except empty
    ones; each change says which ancestor block came or went as a whole."""
    changed = {e.row for e in entries if e.value is CONTAINER}
    has_children = {e.parent for e in entries if e.parent is not None}
    one_sided = {id(e) for e in entries}
    out = []
    side = Side.OLD if kind is ChangeKind.REMOVED else Side.NEW
    for entry in entries:
        if entry.value is CONTAINER and entry.row in has_children:
            continue
        root = entry
        while root.parent is not None and root.parent in changed:
            parent = view.by_index[root.parent]
            if parent is root:  # a flow mapping shares its row (and parent) with its key
                break
            root = parent
        subtree = len(root.path) if root is not entry or entry.value is CONTAINER else None
        if subtree is None and root.parent is not None:
            subtree = _item_gone(view, root, one_sided)
        value = {} if entry.value is CONTAINER else entry.value
        old, new = (value, ABSENT) if kind is ChangeKind.REMOVED else (ABSENT, value)
        out.append(KeyChange(entry.path, kind, old, new, view.line_no(entry), side,
                             entry.partial, subtree if subtree else None))
    return out


def _item_gone(view: _View, entry: Entry, one_sided: set[int]) -> int | None:
    """The depth of the list item holding ``entry`` when the item went as a whole: its
    opening line (``- alert: X``) is gone too and its key found no counterpart on the other
    side (a renamed item pairs, and keeps its place)."""
    assert entry.parent is not None
    opener = view.by_index.get(entry.parent)
    if opener is None or opener is entry or id(opener) not in one_sided or not opener.path:
        return None
    item = opener.path[:-1]
    if not item or entry.path[:len(item)] != item or not isinstance(item[-1], int | None):
        return None
    return len(item)


def _lists(old: _View, new: _View, removed: list[Entry], added: list[Entry],
           out: list[KeyChange]) -> tuple[list[Entry], list[Entry]]:
    """Scalar list elements: one change for the whole list when both sides show all of it,
    otherwise one change per element (``item``)."""
    openers: dict[tuple[str, ...], tuple[int | None, int | None]] = {}
    for view, entries, slot in ((old, removed, 0), (new, added, 1)):
        for entry in entries:
            if entry.item and entry.parent is not None:
                opener = view.by_index.get(entry.parent)
                if opener is None or view.is_changed(opener):
                    continue
                key = erase_indices(opener.path)
                pair = list(openers.get(key, (None, None)))
                pair[slot] = entry.parent
                openers[key] = (pair[0], pair[1])
    whole: set[int] = set()
    for key, (old_opener, new_opener) in openers.items():
        old_opener = old_opener if old_opener is not None else _find(old, key)
        new_opener = new_opener if new_opener is not None else _find(new, key)
        if old_opener is None or new_opener is None:
            continue
        old_items, new_items = old.items_of(old_opener), new.items_of(new_opener)
        last_old = old_items[-1].row if old_items else old_opener
        last_new = new_items[-1].row if new_items else new_opener
        if not (old.list_closed(old_opener, last_old) and new.list_closed(new_opener, last_new)):
            continue
        first_added = next((e for e in new_items if new.is_changed(e)), None)
        first_removed = next((e for e in old_items if old.is_changed(e)), None)
        if first_added is not None:
            line, side = new.line_no(first_added), Side.NEW
        elif first_removed is not None:
            line, side = old.line_no(first_removed), Side.OLD
        else:
            continue
        opener_entry = new.by_index[new_opener]
        out.append(KeyChange(opener_entry.path, ChangeKind.CHANGED,
                             tuple(e.value for e in old_items), tuple(e.value for e in new_items),
                             line, side, opener_entry.partial))
        whole.update(id(e) for e in old_items + new_items)
    removed = [e for e in removed if id(e) not in whole]
    added = [e for e in added if id(e) not in whole]
    for view, entries, kind in ((old, removed, ChangeKind.REMOVED), (new, added, ChangeKind.ADDED)):
        for entry in entries:
            if not entry.item:
                continue
            side = Side.OLD if kind is ChangeKind.REMOVED else Side.NEW
            old_value, new_value = ((entry.value, ABSENT) if kind is ChangeKind.REMOVED
                                    else (ABSENT, entry.value))
            out.append(KeyChange(entry.path[:-1], kind, old_value, new_value,
                                 view.line_no(entry), side, entry.partial, item=True))
    return ([e for e in removed if not e.item], [e for e in added if not e.item])


def _mapping_lists(old: _View, new: _View) -> list[KeyChange]:
    """Lists of mappings (``- name: canary`` …) seen whole on both sides whose length
    changed: one change for the list, as git mode reports it, so a rule can count stages or
    rings; the elements' own keys are reported one by one as well."""
    old_runs = _element_runs(old)
    if not old_runs:
        return []
    old_rows = {id(ln): row for row, ln in enumerate(old.lines)}
    out: list[KeyChange] = []
    for opener, (size, values) in _element_runs(new).items():
        entry = new.by_index[opener]
        old_row = old_rows.get(id(new.lines[opener]))
        if new.is_changed(entry) or old_row is None or old_row not in old_runs:
            continue
        old_size, old_values = old_runs[old_row]
        if old_size != size and erase_indices(old.by_index[old_row].path) == \
                erase_indices(entry.path):
            out.append(KeyChange(entry.path, ChangeKind.CHANGED, old_values, values,
                                 new.line_no(entry), Side.NEW, entry.partial))
    return out


def _element_runs(view: _View) -> dict[int, tuple[int, tuple[dict[str, Any], ...]]]:
    """Row of each list opener whose elements are mappings, all in view and followed by
    something else (so the list is seen to its end): how many elements, and their keys."""
    runs: dict[int, tuple[int, tuple[dict[str, Any], ...]]] = {}
    entries = view.entries
    for k, opener in enumerate(entries):
        if opener.value is not CONTAINER:
            continue
        depth = len(opener.path)
        elements: dict[int, dict[str, Any]] = {}
        end = k + 1
        while end < len(entries):
            path = entries[end].path
            index = path[depth] if len(path) > depth + 1 else None
            if not isinstance(index, int) or path[:depth] != opener.path or entries[end].item:
                break
            if len(path) == depth + 2:
                value = entries[end].value
                elements.setdefault(index, {})[str(path[-1])] = \
                    {} if value is CONTAINER else value
            end += 1
        if elements and (end < len(entries) or view.complete):
            runs[opener.row] = (len(elements), tuple(elements.values()))
    return runs


def _find(view: _View, key: tuple[str, ...]) -> int | None:
    for entry in view.entries:
        if entry.value is CONTAINER and erase_indices(entry.path) == key:
            return entry.row
    return None
