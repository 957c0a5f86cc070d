"""Every concern checked against the change before anyone reads it.

A concern whose file is not in the change is dropped: there is nothing to point at. A concern
whose line or quote does not match the file is kept, marked ``grounded: false``, and carries no
weight in the decision. A quote found within two lines of the cited line is moved there
(models are often off by one); the text compared is the redacted text the model saw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from reviewer.diff.model import ChangeSet, FileChange, LineKind
from reviewer.narrative.answer import ConcernAnswer
from reviewer.narrative.redaction import Redactor
from reviewer.report import Concern

NEARBY = 2
MIN_QUOTE = 3
_RENDERED_PREFIX = re.compile(r"^\s*[+\- ]?\s*\d+:\s?")
_SIGN = re.compile(r"^[+\-]\s?")


class Grounded(NamedTuple):
    concerns: tuple[Concern, ...]
    grounded: int
    ungrounded: int
    dropped: int


class LineIndex:
    """The redacted text of each line of the change, by path, side and number: the diff's
    lines, and whole files where git supplied them."""

    def __init__(self, changes: ChangeSet, redactor: Redactor) -> None:
        self._files: dict[str, FileChange] = {}
        for change in changes.files:
            self._files.setdefault(change.path, change)
        self._aliases = {f.old_path: f.path for f in changes.files if f.old_path}
        self._redactor = redactor
        self._lines: dict[str, dict[tuple[str, int], str]] = {}

    def canonical(self, path: str) -> str | None:
        path = path.strip().strip("`").lstrip("/")
        for prefix in ("a/", "b/", "./"):
            if path not in self._files and path.startswith(prefix):
                path = path[len(prefix):]
        if path in self._files:
            return path
        return self._aliases.get(path)

    def text(self, path: str, side: str, line: int) -> str | None:
        lines = self._lines.get(path)
        if lines is None:
            lines = self._lines[path] = self._build(self._files[path])
        return lines.get((side, line))

    def _build(self, change: FileChange) -> dict[tuple[str, int], str]:
        lines: dict[tuple[str, int], str] = {}
        for side, whole in (("new", change.after), ("old", change.before)):
            if whole is not None:
                for number, text in enumerate(self._redactor.lines(whole.split("\n")), 1):
                    lines[(side, number)] = text
        diff_lines = list(change.lines())
        for line, text in zip(diff_lines, self._redactor.lines(ln.text for ln in diff_lines),
                              strict=True):
            if line.kind is LineKind.REMOVED:
                assert line.old_no is not None
                lines.setdefault(("old", line.old_no), text)
            else:
                assert line.new_no is not None
                lines.setdefault(("new", line.new_no), text)
                if line.old_no is not None:
                    lines.setdefault(("old", line.old_no), text)
        return lines


def ground(concerns: Sequence[ConcernAnswer], index: LineIndex) -> Grounded:
    out: list[Concern] = []
    dropped = 0
    for c in concerns:
        path = index.canonical(c.path)
        if path is None:
            dropped += 1
            continue
        line = _locate(c, path, index)
        out.append(Concern(path=path, line=line if line is not None else c.line, text=c.text,
                           severity=c.severity, grounded=line is not None, side=c.side,
                           quote=c.quote.strip()[:400]))
    grounded = sum(1 for c in out if c.grounded)
    return Grounded(tuple(out), grounded, len(out) - grounded, dropped)


def _locate(concern: ConcernAnswer, path: str, index: LineIndex) -> int | None:
    """The line the quote is on: the cited one, else the nearest within NEARBY lines."""
    quote = _normalize(_SIGN.sub("", _RENDERED_PREFIX.sub("", concern.quote.strip())))
    if len(quote) < MIN_QUOTE:
        return None
    for offset in sorted(range(-NEARBY, NEARBY + 1), key=abs):
        text = index.text(path, concern.side, concern.line + offset)
        if text is not None and _matches(quote, _normalize(text)):
            return concern.line + offset
    return None


def _matches(quote: str, text: str) -> bool:
    return quote in text or (len(text) >= MIN_QUOTE and text in quote)


def _normalize(text: str) -> str:
    return " ".join(text.split())
