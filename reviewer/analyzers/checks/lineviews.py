"""Views of a changed file's lines that several checks share.

``unmatched_removals`` answers "was it removed, or only moved or rewritten?" for any token (a
test command, a kill-switch name): a token counts as gone when more deleted lines carry it
than added lines do, so an edited line that keeps the token is not a removal.
``new_side`` is the new version's lines: the whole file in git mode, else what hunks show.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from reviewer.diff.model import DiffLine, FileChange, LineKind

COMMENT = re.compile(r"^\s*(?:#|//|/\*|\*\s|--\s|;)")
"""A line that is a comment in the usual config and script languages."""


class Removal(NamedTuple):
    line: DiffLine
    token: str


def code_lines(lines: Iterable[DiffLine]) -> Iterator[DiffLine]:
    return (ln for ln in lines if ln.text.strip() and not COMMENT.match(ln.text))


def unmatched_removals(change: FileChange, tokens: Callable[[str], Iterable[str]],
                       coarse: Callable[[str], str] | None = None) -> list[Removal]:
    """Deleted lines whose tokens outnumber the same tokens on added lines, in file order.

    ``tokens`` reads the normalized tokens of one line (an empty result: nothing to track).
    ``coarse`` maps a token to a family: removals left over after exact matching are then
    matched against leftover additions of the same family (pytest replaced by make test).
    Comment lines are skipped on both sides."""
    added: Counter[str] = Counter()
    for ln in code_lines(change.added_lines()):
        added.update(tokens(ln.text))
    removed: list[Removal] = []
    for ln in code_lines(change.removed_lines()):
        removed.extend(Removal(ln, token) for token in tokens(ln.text))
    left = _consume(removed, added, lambda token: token)
    if coarse is None:
        return left
    families: Counter[str] = Counter()
    for token, count in added.items():
        families[coarse(token)] += count
    return _consume(left, families, coarse)


def _consume(removed: list[Removal], added: Counter[str],
             key: Callable[[str], str]) -> list[Removal]:
    out: list[Removal] = []
    for removal in removed:
        slot = key(removal.token)
        if added[slot] > 0:
            added[slot] -= 1
        else:
            out.append(removal)
    return out


def new_side(change: FileChange) -> list[DiffLine]:
    """The new version's lines in order: added lines as themselves, the rest as context."""
    if change.after is None:
        return [ln for ln in change.lines() if ln.kind is not LineKind.REMOVED]
    added = {ln.new_no: ln for ln in change.added_lines()}
    return [added.get(n) or DiffLine(LineKind.CONTEXT, text, n, n)
            for n, text in enumerate(change.after.split("\n"), 1)]
