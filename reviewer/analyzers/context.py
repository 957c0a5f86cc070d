"""What a matcher sees of one file, and what it reports back."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from reviewer.analyzers.scope import Scope
from reviewer.diff.model import FileChange, FileStatus, LineKind, Side

if TYPE_CHECKING:
    from reviewer.analyzers.neighbours import Neighbours
    from reviewer.structured.extract import Structured

T = TypeVar("T")


class Hit(NamedTuple):
    line: int
    side: Side
    evidence: str
    anchor: str
    """What identifies this hit within the file for the fingerprint (key path or line text)."""
    values: Mapping[str, str] = {}
    key: str | None = None
    before: str | None = None
    after: str | None = None


class FileContext:
    """One changed file with lazily computed views (key changes, visible text)."""

    def __init__(self, change: FileChange, scope: Scope,
                 neighbours: Neighbours | None = None) -> None:
        self.change = change
        self.scope = scope
        self.neighbours = neighbours
        """The other files of the change (None: this file is judged alone)."""
        self.path = change.path
        self.notes: list[str] = []
        """Why a check read this file with less than full precision (shown as degraded)."""
        self._memo: dict[str, Any] = {}

    def memo(self, name: str, compute: Callable[[FileContext], T]) -> T:
        """``compute(self)``, once per file: several rules naming one check share its work
        (a SQL file is parsed once, not once per migration rule)."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        result: T = self._memo[name]
        return result

    def degrade(self, note: str) -> None:
        """Record that part of this file was analyzed with less precision, once per note."""
        if note not in self.notes:
            self.notes.append(note)

    @functools.cached_property
    def structured(self) -> Structured:
        from reviewer.structured.extract import key_changes

        return key_changes(self.change)

    @functools.cached_property
    def visible_text(self) -> str:
        """The whole new text when known; otherwise what the diff shows of the file."""
        if self.change.after is not None:
            return self.change.after
        if self.change.status is FileStatus.DELETED and self.change.before is not None:
            return self.change.before
        return "\n".join(ln.text for ln in self.change.lines())

    def joined(self, kind: LineKind, *, lowered: bool = False) -> str:
        """The file's added or removed lines as one text (lower-cased if asked), once per
        file: checks look for their hint words in it before reading line by line."""
        key = f"joined {kind.value} {lowered}"
        if key not in self._memo:
            lines = self.change.added_lines() if kind is LineKind.ADDED else \
                self.change.removed_lines()
            self._memo[key] = self.joined(kind).lower() if lowered else \
                "\n".join(line.text for line in lines)
        text: str = self._memo[key]
        return text

    @functools.cached_property
    def _line_texts(self) -> dict[tuple[Side, int], str]:
        texts: dict[tuple[Side, int], str] = {}
        for ln in self.change.lines():
            if ln.kind is LineKind.REMOVED and ln.old_no is not None:
                texts[(Side.OLD, ln.old_no)] = ln.text
            elif ln.new_no is not None:
                texts[(Side.NEW, ln.new_no)] = ln.text
                if ln.old_no is not None:
                    texts[(Side.OLD, ln.old_no)] = ln.text
        return texts

    @functools.cached_property
    def _encoded(self) -> dict[tuple[object, ...], str]:
        return {}

    def encoded_path(self, path: tuple[str | int | None, ...]) -> str:
        """The key path as key patterns read it, computed once per file and path."""
        from reviewer.analyzers.keypattern import encode

        encoded = self._encoded.get(path)
        if encoded is None:
            encoded = self._encoded[path] = encode(path)
        return encoded

    def line_text(self, side: Side, line: int) -> str | None:
        text = self._line_texts.get((side, line))
        if text is not None:
            return text
        whole = self.change.after if side is Side.NEW else self.change.before
        if whole is not None:
            lines = whole.split("\n")
            if 0 < line <= len(lines):
                return lines[line - 1]
        return None


class Check(Protocol):
    """A Python analyzer: finds hits in one file; the rule that names it supplies the rest."""

    def __call__(self, ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]: ...
