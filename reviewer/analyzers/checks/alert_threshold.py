"""Alert thresholds loosened: ``error_ratio > 0.01`` → ``> 0.2``, ``availability < 0.999`` →
``< 0.99``.

Only a change that keeps the expression and moves its numbers is judged: a deleted line and
an added line are paired when they read the same with their numbers blanked out (so a
one-line ``expr:`` and a line inside a multi-line expression are read alike). Each
comparison is then checked in its own direction (a higher bound for ``>``, a lower one for
``<``), by a factor. Ratios near 1 (availability, success rates) are compared by their
distance from 1, where the alerting actually happens.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import code_lines
from reviewer.analyzers.context import FileContext, Hit

_COMPARISON = re.compile(r"(?<![=!<>])(?P<op>>=|<=|>|<)\s*(?:bool\s+)?"
                         r"(?P<n>-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)(?![\w.])")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")


def _shape(expr: str) -> str:
    return " ".join(_NUMBER.sub("#", expr).split())


def loosened(op: str, old: float, new: float, factor: float) -> bool:
    """Whether moving the bound of ``x op old`` to ``new`` makes the alert fire less."""
    if op in (">", ">="):
        return old > 0 and new >= old * factor
    if 0.9 <= old < 1 and 0 < new < 1:
        return (1 - new) >= (1 - old) * factor
    return old > 0 and new * factor <= old


def comparisons(expr: str) -> list[tuple[str, float]]:
    return [(m.group("op"), float(m.group("n"))) for m in _COMPARISON.finditer(expr)]


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``factor`` (default 2)."""
    return _hits(ctx, float(options.get("factor", 2)))


def _hits(ctx: FileContext, factor: float) -> Iterator[Hit]:
    removed: dict[str, deque[str]] = defaultdict(deque)
    for line in code_lines(ctx.change.removed_lines()):
        if _COMPARISON.search(line.text):
            removed[_shape(line.text)].append(line.text)
    for line in code_lines(ctx.change.added_lines()):
        if not _COMPARISON.search(line.text) or not removed.get(_shape(line.text)):
            continue
        old_text = removed[_shape(line.text)].popleft()
        pairs = zip(comparisons(old_text), comparisons(line.text), strict=False)
        for (op, old), (_, new) in pairs:
            if loosened(op, old, new, factor):
                yield Hit(line.number, line.side, line.text.strip()[:240],
                          anchor=f"threshold:{_shape(line.text)}",
                          values={"op": op, "old": f"{old:g}", "new": f"{new:g}"},
                          before=f"{op} {old:g}", after=f"{op} {new:g}")
                break
