"""Key-level changes of one file: real parsers when whole texts are known, else the hunks."""

from __future__ import annotations

from typing import NamedTuple

from reviewer.diff.model import DiffLine, FileChange, FileStatus, LineKind
from reviewer.structured.assignments import with_assignments
from reviewer.structured.compare import diff_documents
from reviewer.structured.formats import Format, format_of
from reviewer.structured.json_patch import with_patch_operations
from reviewer.structured.model import KeyChange
from reviewer.structured.pairing import pair_views
from reviewer.structured.trees import TREE_FORMATS, Document, ParseFailure, parse

MAX_CHANGED_LINES = 50_000
"""Beyond this many changed lines in one file, only line rules run on it."""


class Structured(NamedTuple):
    format: Format | None
    changes: tuple[KeyChange, ...]
    note: str | None = None
    """Why the analysis of this file was degraded, if it was."""


def whole_texts(change: FileChange) -> tuple[str | None, str | None, bool]:
    """Before and after text, from git or, for added and deleted files, from the diff itself.

    The flag says whether both sides are fully known (an absent side counts as known)."""
    before, after = change.before, change.after
    if change.status is FileStatus.ADDED and after is None:
        after = _single_side(change, LineKind.ADDED)
    if change.status is FileStatus.DELETED and before is None:
        before = _single_side(change, LineKind.REMOVED)
    known_before = before is not None or change.status is FileStatus.ADDED
    known_after = after is not None or change.status is FileStatus.DELETED
    return before, after, known_before and known_after


def _single_side(change: FileChange, kind: LineKind) -> str | None:
    if len(change.hunks) != 1:
        return None
    hunk = change.hunks[0]
    if any(ln.kind is not kind for ln in hunk.lines):
        return None
    return "".join(ln.text + "\n" for ln in hunk.lines)


def key_changes(change: FileChange) -> Structured:
    found = _key_changes(change)
    if found.format not in (Format.YAML, Format.JSON) or not found.changes:
        return found
    before, after, known = whole_texts(change)
    changes = found.changes
    if found.format is Format.YAML:
        changes = with_assignments(changes, change, before, after)
    if known:
        changes = with_patch_operations(changes, found.format, before, after)
    return found._replace(changes=changes)


def _key_changes(change: FileChange) -> Structured:
    fmt = format_of(change.path)
    if fmt is None or change.binary:
        return Structured(None, ())
    if change.added_count + change.removed_count > MAX_CHANGED_LINES:
        return Structured(fmt, (), f"more than {MAX_CHANGED_LINES:,} changed lines: key-level "
                                   "analysis skipped, line rules still ran")
    before, after, known = whole_texts(change)
    if not known:
        return Structured(fmt, tuple(_from_hunks(fmt, change)))
    note = None
    if fmt in TREE_FORMATS:
        try:
            old_docs = _parse_side(fmt, before, "old")
            new_docs = _parse_side(fmt, after, "new")
            return Structured(fmt, tuple(diff_documents(old_docs, new_docs)))
        except _SideFailure as exc:
            note = f"{exc}; analyzed line by line"
    return Structured(fmt, tuple(_from_whole(fmt, change, before, after)), note)


class _SideFailure(Exception):
    pass


def _parse_side(fmt: Format, text: str | None, side: str) -> list[Document]:
    if text is None:
        return []
    try:
        return parse(fmt, text)
    except ParseFailure as exc:
        raise _SideFailure(f"{side} version: {exc.describe(fmt)}") from None
    except RecursionError:
        raise _SideFailure(f"{side} version: nested too deeply to parse") from None


def _from_hunks(fmt: Format, change: FileChange) -> list[KeyChange]:
    out: list[KeyChange] = []
    for hunk in change.hunks:
        old_view = [ln for ln in hunk.lines if ln.kind is not LineKind.ADDED]
        new_view = [ln for ln in hunk.lines if ln.kind is not LineKind.REMOVED]
        rooted = hunk.old_start <= 1 and hunk.new_start <= 1
        out.extend(pair_views(fmt, old_view, new_view, hunk.section or None, rooted=rooted))
    return out


def _from_whole(fmt: Format, change: FileChange, before: str | None,
                after: str | None) -> list[KeyChange]:
    removed = {ln.old_no for ln in change.removed_lines()}
    added = {ln.new_no for ln in change.added_lines()}
    old_view = _view(before, removed, LineKind.REMOVED)
    new_view = _view(after, added, LineKind.ADDED)
    return pair_views(fmt, old_view, new_view, whole=True)


def _view(text: str | None, changed: set[int | None], kind: LineKind) -> list[DiffLine]:
    if text is None:
        return []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [DiffLine(kind if number in changed else LineKind.CONTEXT, line, number, number)
            for number, line in enumerate(lines, 1)]
