"""Literal prefilters for rule regexes: the strings one of which every match must contain.

Python's ``re`` scans case-insensitive alternations character by character, and with two
hundred rules most of a large review went into regexes that found nothing. ``str.__contains__``
is far cheaper: when none of a pattern's required literals is in the text, the regex cannot
match and is not run. The test is exact, never approximate: literals come from the parsed
pattern (a run of plain characters that every match passes through, or one per branch of an
alternation), are compared in lower case against lower-cased text (a superset of any case
rule), and text that is not ASCII is always handed to the regex, so Unicode case folding
(``ſ`` matching ``s`` under ``(?i)``) cannot hide a match.
"""

from __future__ import annotations

import functools
import re
import re._constants as sre  # type: ignore[import-not-found]  # the parser re itself uses
import re._parser as sre_parse  # type: ignore[import-not-found]
from typing import Any

Literals = frozenset[str]


@functools.lru_cache(maxsize=4096)
def required(patterns: tuple[str, ...]) -> Literals | None:
    """Literals one of which any match of any of ``patterns`` contains, or None when some
    pattern has no such literal (it can match text without a fixed string in it)."""
    out: set[str] = set()
    for pattern in patterns:
        try:
            found = _sequence(sre_parse.parse(pattern).data)
        except (re.error, RecursionError, TypeError, ValueError):
            return None
        if found is None or "" in found:
            return None
        out |= found
    return frozenset(out)


def may_match(literals: Literals | None, lowered: str, ascii_text: bool) -> bool:
    """False only when the regex behind ``literals`` certainly finds nothing in the text whose
    lower-case form is ``lowered``."""
    if literals is None or not ascii_text:
        return True
    return any(literal in lowered for literal in literals)


def _sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    """The best required set of a sequence: a run of consecutive literal characters, or what
    one required element (a group, a repeat of at least one, a branch) needs. The best set is
    the one whose shortest literal is longest (fewer chance hits)."""
    candidates: list[Literals] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        flush()
        found = _element(op, av)
        if found is not None:
            candidates.append(found)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def _element(op: Any, av: Any) -> Literals | None:
    if op is sre.SUBPATTERN:
        return _sequence(av[-1].data)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, item = av
        return _sequence(item.data) if low >= 1 else None
    if op is sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch.data)
            if found is None:
                return None
            out |= found
        return frozenset(out)
    if op is sre.IN and av and all(o is sre.LITERAL and v < 128 for o, v in av):
        return frozenset(chr(v).lower() for _, v in av)
    return None  # classes, anchors, lookarounds, back-references: no fixed text
