"""What migration checks share: the new side of a file, operations found in it, their hits.

A migration is judged by what it will run: the new text of the file. When git supplied the
whole text (or the file is new) it is read whole; otherwise each hunk's new side is read on
its own, and an operation counts when one of its lines was added by the change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import FileStatus, LineKind, Side


class Segment(NamedTuple):
    first_line: int
    text: str
    whole: bool
    """The whole new file (not one hunk's window of it)."""


class NewSide(NamedTuple):
    segments: tuple[Segment, ...]
    added: frozenset[int]
    removed_before: frozenset[int] = frozenset()
    """New-side lines that directly follow removed lines."""

    def touches(self, first: int, last: int) -> bool:
        """Lines ``first..last`` include an added line, or lost one in their middle (a
        removed ``WHERE`` line changes the statement around it)."""
        return any(n in self.added for n in range(first, last + 1)) or any(
            n in self.removed_before for n in range(first + 1, last + 1))


class Operation(NamedTuple):
    category: str
    kind: str
    what: str
    line: int


def new_side(ctx: FileContext) -> NewSide:
    return ctx.memo("new-side", _new_side)


def _new_side(ctx: FileContext) -> NewSide:
    change = ctx.change
    added = frozenset(ln.number for ln in change.added_lines())
    if change.status is FileStatus.DELETED:
        return NewSide((), added)
    removed_before = set()
    for hunk in change.hunks:
        for before, line in zip(hunk.lines, hunk.lines[1:], strict=False):
            if before.kind is LineKind.REMOVED and line.new_no is not None:
                removed_before.add(line.new_no)
    after = change.after
    if after is None and change.status is FileStatus.ADDED and len(change.hunks) == 1:
        after = "\n".join(ln.text for ln in change.hunks[0].lines)
    if after is not None:
        return NewSide((Segment(1, after, True),), added, frozenset(removed_before))
    segments = []
    for hunk in change.hunks:
        lines = [ln for ln in hunk.lines if ln.kind is not LineKind.REMOVED]
        if lines and lines[0].new_no is not None:
            segments.append(Segment(lines[0].new_no, "\n".join(ln.text for ln in lines), False))
    return NewSide(tuple(segments), added, frozenset(removed_before))


def statement_end(lines: list[str], start: int, comment: str,
                  continued: tuple[str, ...] = ()) -> int:
    """Index of the line that ends the statement starting at ``lines[start]``: the first
    where brackets opened since ``start`` are closed again and the line does not end with
    one of ``continued`` (Ruby's trailing comma). ``comment`` is the regex of a line
    comment; quoted text is skipped."""
    depth, i = 0, start
    while i < len(lines):
        code = re.sub(comment, "", re.sub(r"([\"'`]).*?\1", "", lines[i]))
        depth += code.count("(") + code.count("[") + code.count("{")
        depth -= code.count(")") + code.count("]") + code.count("}")
        if depth <= 0 and not (continued and code.rstrip().endswith(continued)):
            return i
        i += 1
    return len(lines) - 1


def hits(ctx: FileContext, operations: Iterable[Operation],
         options: Mapping[str, Any]) -> Iterator[Hit]:
    """Hits for the operations a rule asks for: ``category`` and, optionally, ``kinds``."""
    category = options.get("category")
    kinds = options.get("kinds")
    seen: set[tuple[str, int]] = set()
    for op in operations:
        if category is not None and op.category != category:
            continue
        if kinds is not None and op.kind not in kinds:
            continue
        if (op.what, op.line) in seen:
            continue
        seen.add((op.what, op.line))
        text = ctx.line_text(Side.NEW, op.line)
        yield Hit(op.line, Side.NEW, clip(text) if text else op.what,
                  anchor=f"{op.kind}|{op.what}", values={"what": op.what, "kind": op.kind})
