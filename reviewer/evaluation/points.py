"""Whether a narrative makes a point: a labelled phrase found in what the narrative says.

Matching forgives what writers vary and nothing else: case, runs of spaces, and one ``_`` or
``-`` or spaces between two word characters (``dry_run`` = ``dry-run`` = ``dry run``). A phrase that
starts or ends with a word character must start or end a word there (``WHERE`` is not found in
``somewhere``, ``5%`` not in ``25%``). A point given as a list counts when any phrasing is found.
Quotes copied from the diff are not searched: the narrative has to make the point in its own
words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from reviewer.report import NarrativeReport

_JOINERS = re.compile(r"(?<=\w)(?:[_\-]|\s+)(?=\w)")
_SPACES = re.compile(r"\s+")


def _normalize(text: str) -> str:
    return _JOINERS.sub(" ", _SPACES.sub(" ", text.casefold())).strip()


@functools.lru_cache(maxsize=1024)
def _pattern(phrase: str) -> re.Pattern[str]:
    body = re.escape(_normalize(phrase))
    before = r"(?<!\w)" if re.match(r"\w", phrase.strip()) else ""
    after = r"(?!\w)" if re.search(r"\w$", phrase.strip()) else ""
    return re.compile(before + body + after)


def sections(narrative: NarrativeReport) -> list[tuple[str, str]]:
    """What the narrative says, part by part, named as the report names them."""
    parts = [("summary", narrative.summary), ("blast_radius", narrative.blast_radius)]
    parts += [(f"concerns[{i}]", c.text) for i, c in enumerate(narrative.concerns)]
    for name in ("questions", "pre_merge_checks", "post_merge_checks"):
        items: Sequence[str] = getattr(narrative, name)
        parts += [(f"{name}[{i}]", text) for i, text in enumerate(items)]
    return parts


def find_point(point: str | Sequence[str], parts: Sequence[tuple[str, str]]) -> str | None:
    """The name of the first part that makes the point, or None."""
    phrases = (point,) if isinstance(point, str) else tuple(point)
    for name, text in parts:
        normalized = _normalize(text)
        if any(_pattern(p).search(normalized) for p in phrases):
            return name
    return None
