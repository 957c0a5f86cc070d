"""Where each file's diff lines sit on both sides, so outputs can place findings.

Code hosts show a file at the head revision: a finding on a deleted line has no line there,
and an inline PR comment may only sit on a line the pull request's diff shows. This view of
the change answers both questions without the renderers touching the diff itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from reviewer.diff.model import DiffLine, FileChange, FileStatus, LineKind, Side


@dataclass(frozen=True)
class DiffShape:
    """The hunks of every file in a change, indexed by path (new path for renames)."""

    files: tuple[FileChange, ...] = ()

    @functools.cached_property
    def _by_path(self) -> dict[str, FileChange]:
        return {change.path: change for change in self.files}

    def knows(self, path: str) -> bool:
        return path in self._by_path

    def is_deleted(self, path: str) -> bool:
        change = self._by_path.get(path)
        return change is not None and change.status is FileStatus.DELETED

    def surviving_line(self, path: str, old_line: int) -> int | None:
        """The head-revision line nearest to ``old_line`` of the base revision.

        A deleted line maps to the closest line kept on both sides of its hunk (the one
        before it on a tie), else to where the deletion sits in the new file; an unchanged
        line maps to its new number. None when the file no longer exists. A path the diff
        does not know keeps its line number: the best guess there is.
        """
        change = self._by_path.get(path)
        if change is None:
            return old_line
        if change.status is FileStatus.DELETED:
            return None
        offset = 0
        for hunk in change.hunks:
            if old_line < hunk.old_start:
                break
            if old_line < hunk.old_start + hunk.old_length:
                return _inside(hunk.lines, old_line, hunk.new_start)
            offset = (hunk.new_start + hunk.new_length) - (hunk.old_start + hunk.old_length)
        line = old_line + offset
        return line if line >= 1 else None

    def shows(self, path: str, side: Side, line: int) -> bool:
        """Whether the diff displays this line on this side (where a review comment may go)."""
        change = self._by_path.get(path)
        if change is None:
            return False
        for hunk in change.hunks:
            for ln in hunk.lines:
                if side is Side.NEW and ln.kind is not LineKind.REMOVED and ln.new_no == line:
                    return True
                if side is Side.OLD and ln.kind is not LineKind.ADDED and ln.old_no == line:
                    return True
        return False


def _inside(lines: tuple[DiffLine, ...], old_line: int, new_start: int) -> int:
    at = next((i for i, ln in enumerate(lines) if ln.old_no == old_line), None)
    if at is None:
        return max(new_start, 1)
    same = lines[at].new_no
    if same is not None:  # a context line: it survived as it was
        return same
    for wanted in (LineKind.CONTEXT, LineKind.ADDED):
        near = [(abs(i - at), i > at, ln.new_no) for i, ln in enumerate(lines)
                if ln.kind is wanted and ln.new_no is not None]
        if near:
            return min(near)[2]
    # Only deletions in this hunk (a -U0 diff): new_start is the line just before them.
    return max(new_start, 1)
