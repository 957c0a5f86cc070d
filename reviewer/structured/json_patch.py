"""JSON Patch (RFC 6902) operations read as the key changes they make.

A Kustomize overlay often changes a manifest with a list of operations instead of a copy of
it (``- op: replace`` / ``path: /spec/replicas`` / ``value: 1``), in a patch file or inline
under ``patches[].patch``. To a parser those are list elements named ``op``, ``path`` and
``value``, so no rule about ``spec.replicas`` or ``securityContext.privileged`` sees them.
Each ``add`` or ``replace`` that is new or changed here yields a change at the path it
targets (from nothing, since the base's value is elsewhere: ``becomes`` and ``increases_to``
predicates apply, ``decreases_by`` ones cannot), and each new ``remove`` a removal. Only whole
texts are read (git mode, or a file the change adds).
"""

from __future__ import annotations

from typing import Any

import yaml

from reviewer.diff.model import Side
from reviewer.structured.formats import Format
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange, KeyPath
from reviewer.structured.trees import Document, ParseFailure, parse

_Ops = dict[KeyPath, tuple[str, Any, int]]
"""Target path → (op, value, line of the operation's value or path)."""
BASE_VALUE = "(the base's value)"
"""What a ``remove`` takes away: the patch does not say."""


def with_patch_operations(changes: tuple[KeyChange, ...], fmt: Format, before: str | None,
                          after: str | None) -> tuple[KeyChange, ...]:
    if after is None or "op" not in after or "path" not in after:
        return changes
    new = _operations(fmt, after)
    if not new:
        return changes
    old = _operations(fmt, before) if before is not None else {}
    return changes + tuple(_changes(old, new))


def _changes(old: _Ops, new: _Ops) -> list[KeyChange]:
    out: list[KeyChange] = []
    for path, (op, value, line) in new.items():
        before = old.get(path)
        if before is not None and before[:2] == (op, value):
            continue
        if op == "remove":
            was = before[1] if before is not None and before[0] != "remove" else BASE_VALUE
            out.append(KeyChange(path, ChangeKind.REMOVED, was, ABSENT, line, Side.NEW,
                                 subtree=len(path)))
            continue
        was = before[1] if before is not None and before[0] != "remove" else ABSENT
        kind = ChangeKind.ADDED if was is ABSENT else ChangeKind.CHANGED
        out.extend(_leaves(path, kind, was, value, line))
    return out


def _leaves(path: KeyPath, kind: ChangeKind, old: Any, new: Any,
            line: int) -> list[KeyChange]:
    """A mapping value sets each of its keys (``value: {privileged: true}``)."""
    if kind is ChangeKind.ADDED and isinstance(new, dict) and new:
        out = []
        for key, item in new.items():
            for leaf in _leaves((*path, str(key)), kind, ABSENT, item, line):
                out.append(leaf._replace(subtree=len(path)))
        return out
    return [KeyChange(path, kind, old, new, line, Side.NEW,
                      subtree=len(path) if kind is ChangeKind.ADDED else None)]


def _operations(fmt: Format, text: str) -> _Ops:
    try:
        documents = parse(fmt, text)
    except (ParseFailure, RecursionError):
        return {}
    out: _Ops = {}
    for document in documents:
        if _is_patch(document.value):
            out.update(_read(document.value, lambda index, key, doc=document: (
                doc.lines.find((index, key)))))
        for line, text, inline in _inline_patches(document):
            out.update(_read(inline, lambda index, _key, at=line, body=text, ops=inline: (
                _inline_line(at, body, ops[index]))))
    return out


def _is_patch(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(item, dict) and "op" in item and "path" in item for item in value)


def _inline_patches(document: Document) -> list[tuple[int, str, list[Any]]]:
    """Kustomize's ``patches: [{patch: "- op: ..."}]`` (and ``patchesJson6902``)."""
    value = document.value
    if not isinstance(value, dict):
        return []
    out = []
    for key in ("patches", "patchesJson6902"):
        entries = value.get(key)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            text = entry.get("patch") if isinstance(entry, dict) else None
            if not isinstance(text, str) or "op" not in text:
                continue
            try:
                parsed = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            if _is_patch(parsed):
                line = document.lines.find((key, index, "patch")) or 1
                out.append((line, text, parsed))
    return out


def _inline_line(patch_line: int, text: str, operation: dict[str, Any]) -> int:
    """The line of an inline operation's value (or path): a block scalar starts on the line
    after ``patch: |``."""
    rows = text.split("\n")
    pointer = str(operation.get("path"))
    at = next((n for n, row in enumerate(rows) if pointer in row and "path" in row), None)
    if at is None:
        return patch_line
    if "value" in operation:
        at = next((n for n in range(at - 2, len(rows)) if n >= 0 and "value" in rows[n]
                   and n >= at - 2), at)
    return patch_line + 1 + at


def _read(operations: list[Any], line_of: Any) -> _Ops:
    out: _Ops = {}
    for index, item in enumerate(operations):
        op, pointer = str(item.get("op", "")).lower(), item.get("path")
        if op not in ("add", "replace", "remove") or not isinstance(pointer, str):
            continue
        line = line_of(index, "value" if "value" in item else "path") or 1
        out[_pointer(pointer)] = (op, item.get("value", ABSENT), line)
    return out


def _pointer(pointer: str) -> KeyPath:
    """``/spec/template/spec/containers/0/image`` → ``("spec", ..., 0, "image")``."""
    segments: list[str | int | None] = []
    for raw in pointer.strip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        segments.append(int(part) if part.isdigit() else None if part == "-" else part)
    return tuple(segments)
