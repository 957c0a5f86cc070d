"""Lines of a kind that a change removes on balance: alerts, approval stages, canary stages.

A plain ``removed_line`` rule fires on a rename or a reworded line, since the old text is
gone. This check fires only when more deleted lines match ``pattern`` than added ones do:
renaming an alert, or swapping one approval stage for another, is a wash. Lines whose
matched text comes back unchanged are paired first, so the line reported is the one that
really went away; a line that another file of the change adds, at the same scope, moved
there and is not reported either.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import unmatched_removals
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import FileStatus


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``pattern`` (a regex; required): what a line of the tracked kind looks like;
    ``deleted_files`` (default true): false leaves files the change deletes to another match
    (a deleted monitor is one finding, not one per paging handle in it)."""
    if not options.get("deleted_files", True) and ctx.change.status is FileStatus.DELETED:
        return ()
    return _hits(ctx, _compiled(str(options["pattern"])))


def _hits(ctx: FileContext, pattern: re.Pattern[str]) -> Iterator[Hit]:
    # Only a deleted line can be a net removal: one search over them settles most files.
    if not any(pattern.search(ln.text) for ln in ctx.change.removed_lines()):
        return

    def tokens(text: str) -> list[str]:
        found = pattern.search(text)
        return [" ".join(found.group(0).split())] if found else []

    for removal in unmatched_removals(ctx.change, tokens, coarse=lambda _: ""):
        line = removal.line
        if ctx.neighbours is not None and ctx.neighbours.added_elsewhere(ctx.path, line.text):
            continue  # moved to another file of the change, at the same scope
        yield Hit(line.number, line.side, line.text.strip()[:240],
                  anchor=f"net-removed:{removal.token}",
                  values={"match": removal.token, "line_text": line.text.strip()[:120]})
