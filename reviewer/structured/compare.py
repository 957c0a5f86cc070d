"""Key-level differences between two parsed versions of a file (git mode, new/deleted files)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from reviewer.diff.model import Side
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange, KeyPath
from reviewer.structured.trees import Document, LineMap

_IDENTITY_KEYS = ("name", "id", "key", "uses")


def same(old: Any, new: Any) -> bool:
    """Equality that keeps ``true`` apart from ``1`` (Python says they are equal)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    return (bool(old == new) and type(old) is type(new)) or (
        isinstance(old, int | float) and isinstance(new, int | float) and old == new)


@dataclass
class _Walk:
    old_lines: LineMap
    new_lines: LineMap
    doc: str | None
    out: list[KeyChange] = field(default_factory=list)

    def changed(self, old_path: KeyPath, new_path: KeyPath, old: Any, new: Any) -> None:
        line = self.new_lines.find(new_path)
        if line is not None:
            self.out.append(KeyChange(new_path, ChangeKind.CHANGED, old, new, line, Side.NEW,
                                      doc=self.doc))
            return
        line = self.old_lines.find(old_path) or 1
        self.out.append(KeyChange(new_path, ChangeKind.CHANGED, old, new, line, Side.OLD,
                                  doc=self.doc))

    def subtree(self, kind: ChangeKind, value: Any, path: KeyPath, root: int) -> None:
        if isinstance(value, dict) and value:
            for key, item in value.items():
                self.subtree(kind, item, (*path, key), root)
            return
        if isinstance(value, list) and value:
            for position, item in enumerate(value):
                self.subtree(kind, item, (*path, position), root)
            return
        if kind is ChangeKind.ADDED:
            line, side, old, new = self.new_lines.find(path), Side.NEW, ABSENT, value
        else:
            line, side, old, new = self.old_lines.find(path), Side.OLD, value, ABSENT
        self.out.append(KeyChange(path, kind, old, new, line or 1, side, subtree=root,
                                  doc=self.doc))

    def values(self, old: Any, new: Any, old_path: KeyPath, new_path: KeyPath) -> None:
        # One repeated block parses as a mapping, two as a list of them (HCL `ingress {}`,
        # `statement {}`): going from one to two, or back, is a list that grew or shrank.
        if isinstance(old, dict) and _mappings(new):
            old = [old]
        elif isinstance(new, dict) and _mappings(old):
            new = [new]
        if isinstance(old, dict) and isinstance(new, dict):
            for key, item in old.items():
                if key in new:
                    self.values(item, new[key], (*old_path, key), (*new_path, key))
                else:
                    self.subtree(ChangeKind.REMOVED, item, (*old_path, key), len(old_path) + 1)
            for key, item in new.items():
                if key not in old:
                    self.subtree(ChangeKind.ADDED, item, (*new_path, key), len(new_path) + 1)
            if bool(old) != bool(new):
                self.changed(old_path, new_path, old, new)
            return
        if isinstance(old, list) and isinstance(new, list):
            self.lists(old, new, old_path, new_path)
            return
        if isinstance(old, tuple) and isinstance(new, tuple) and old != new:
            self.scalar_list(old_path, new_path, old, new)
        elif not same(old, new):
            self.changed(old_path, new_path, old, new)

    def scalar_list(self, old_path: KeyPath, new_path: KeyPath, old: tuple[Any, ...],
                    new: tuple[Any, ...]) -> None:
        """Point at the first element that arrived, else at the first that left (old side),
        as a diff reader would; a flow list (``needs: [a, b]``) that only lost elements was
        rewritten on its own line, so the new line is the one to point at, as in a bare diff."""
        gained = next((j for j, item in enumerate(new) if item not in old), None)
        if gained is not None:
            line = self.new_lines.find((*new_path, gained))
            if line is not None:
                self.out.append(KeyChange(new_path, ChangeKind.CHANGED, old, new, line,
                                          Side.NEW, doc=self.doc))
                return
        lost = next((i for i, item in enumerate(old) if item not in new), None)
        if lost is not None and gained is None:
            line = self.old_lines.find((*old_path, lost))
            rewritten = self.new_lines.find(new_path)
            if line is not None and line == self.old_lines.find(old_path) and \
                    rewritten is not None:
                self.out.append(KeyChange(new_path, ChangeKind.CHANGED, old, new, rewritten,
                                          Side.NEW, doc=self.doc))
                return
            if line is not None:
                self.out.append(KeyChange(new_path, ChangeKind.CHANGED, old, new, line,
                                          Side.OLD, doc=self.doc))
                return
        self.changed(old_path, new_path, old, new)

    def lists(self, old: list[Any], new: list[Any], old_path: KeyPath,
              new_path: KeyPath) -> None:
        if len(old) != len(new):
            self.changed(old_path, new_path, old, new)  # for "shrank to one" style checks
        import difflib

        matcher = difflib.SequenceMatcher(a=[_canon(v) for v in old],
                                          b=[_canon(v) for v in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            pairs, gone, came = _pair(old, new, range(i1, i2), range(j1, j2))
            for i, j in pairs:
                self.values(old[i], new[j], (*old_path, i), (*new_path, j))
            for i in gone:
                self.subtree(ChangeKind.REMOVED, old[i], (*old_path, i), len(old_path) + 1)
            for j in came:
                self.subtree(ChangeKind.ADDED, new[j], (*new_path, j), len(new_path) + 1)


def _mappings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _identity(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in _IDENTITY_KEYS:
            if isinstance(value.get(key), str | int):
                return f"{key}={value[key]}"
    return None


def _pair(old: list[Any], new: list[Any], olds: range,
          news: range) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair replaced list elements by their name/id first, then by position."""
    pairs: list[tuple[int, int]] = []
    left, right = list(olds), list(news)
    by_identity = {_identity(new[j]): j for j in right if _identity(new[j]) is not None}
    for i in list(left):
        ident = _identity(old[i])
        if ident is not None and ident in by_identity:
            j = by_identity.pop(ident)
            pairs.append((i, j))
            left.remove(i)
            right.remove(j)
    if all(_identity(old[i]) is None for i in left) or all(
            _identity(new[j]) is None for j in right):
        while left and right:
            pairs.append((left.pop(0), right.pop(0)))
    return pairs, left, right


def diff_documents(old_docs: list[Document], new_docs: list[Document]) -> list[KeyChange]:
    """Key changes between two versions of a (possibly multi-document) file."""
    out: list[KeyChange] = []
    by_ident = all(d.ident for d in old_docs[1:] + new_docs[1:]) and (
        len({d.ident for d in old_docs}) == len(old_docs)
        and len({d.ident for d in new_docs}) == len(new_docs))
    pairs: list[tuple[Document | None, Document | None]] = []
    if by_ident:
        news = {d.ident: d for d in new_docs}
        for doc in old_docs:
            pairs.append((doc, news.pop(doc.ident, None)))
        pairs.extend((None, doc) for doc in news.values())
    else:
        for position in range(max(len(old_docs), len(new_docs))):
            pairs.append((old_docs[position] if position < len(old_docs) else None,
                          new_docs[position] if position < len(new_docs) else None))
    empty = LineMap()
    for old, new in pairs:
        present = new if new is not None else old
        ident = present.ident if present is not None else None
        walk = _Walk(old.lines if old else empty, new.lines if new else empty, ident)
        if old is None and new is not None:
            walk.subtree(ChangeKind.ADDED, new.value, (), 0)
        elif new is None and old is not None:
            walk.subtree(ChangeKind.REMOVED, old.value, (), 0)
        elif old is not None and new is not None:
            walk.values(old.value, new.value, (), ())
        out.extend(walk.out)
    return out
