"""Immutable records for a change: files, hunks and lines with old and new line numbers."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple


class LineKind(enum.Enum):
    ADDED = "+"
    REMOVED = "-"
    CONTEXT = " "


class Side(enum.Enum):
    """Which side of the diff a location is on: deleted lines live on the old side."""

    NEW = "new"
    OLD = "old"


class DiffLine(NamedTuple):
    kind: LineKind
    text: str
    old_no: int | None
    new_no: int | None

    @property
    def number(self) -> int:
        """The line number on the side this line belongs to (old side for deletions)."""
        if self.kind is LineKind.REMOVED:
            assert self.old_no is not None
            return self.old_no
        assert self.new_no is not None
        return self.new_no

    @property
    def side(self) -> Side:
        return Side.OLD if self.kind is LineKind.REMOVED else Side.NEW


class Hunk(NamedTuple):
    old_start: int
    old_length: int
    new_start: int
    new_length: int
    section: str
    """Text after the second ``@@`` (git's function context), often the enclosing block."""
    lines: tuple[DiffLine, ...]


class FileStatus(enum.Enum):
    ADDED = "added"
    DELETED = "deleted"
    MODIFIED = "modified"
    RENAMED = "renamed"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file in a change. ``before``/``after`` hold the full text when git supplied it."""

    path: str
    status: FileStatus
    hunks: tuple[Hunk, ...] = ()
    old_path: str | None = None
    binary: bool = False
    old_mode: str | None = None
    new_mode: str | None = None
    before: str | None = None
    after: str | None = None
    notes: tuple[str, ...] = ()
    """Things the reader should know about how this file was read (encoding fixes...)."""

    @property
    def mode_changed(self) -> bool:
        return (self.old_mode is not None and self.new_mode is not None
                and self.old_mode != self.new_mode)

    @property
    def is_symlink(self) -> bool:
        return "120000" in (self.old_mode, self.new_mode)

    @property
    def is_submodule(self) -> bool:
        return "160000" in (self.old_mode, self.new_mode)

    def lines(self) -> Iterator[DiffLine]:
        for hunk in self.hunks:
            yield from hunk.lines

    def added_lines(self) -> Iterator[DiffLine]:
        return (ln for ln in self.lines() if ln.kind is LineKind.ADDED)

    def removed_lines(self) -> Iterator[DiffLine]:
        return (ln for ln in self.lines() if ln.kind is LineKind.REMOVED)

    @property
    def added_count(self) -> int:
        return sum(1 for _ in self.added_lines())

    @property
    def removed_count(self) -> int:
        return sum(1 for _ in self.removed_lines())


class SourceMode(enum.Enum):
    DIFF = "diff"
    GIT = "git"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a change came from, for the report."""

    mode: SourceMode
    label: str
    """A diff file name, ``<stdin>``, or ``base...head`` in git mode."""
    base: str | None = None
    head: str | None = None
    repo: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    files: tuple[FileChange, ...]
    source: Source
    notes: tuple[str, ...] = field(default=())

    @property
    def has_full_text(self) -> bool:
        return self.source.mode is SourceMode.GIT
