"""Limit guards deleted from code: the line that raises or returns a limit, quota or
threshold error (``raise LimitExceeded(...)``, ``throw new QuotaExceededException()``,
``return ErrDailyLimitExceeded``).

Such a line is the end of a check that stops an amount, a rate or a size from passing a
limit; without it the limit in configuration is no longer enforced. A guard counts as removed
when more deleted lines raise limit errors than added lines do, so a guard that moved, whose
message changed or that now raises a more specific limit error is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import unmatched_removals
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip

_LIMIT_WORDS = (r"(?:Limit|Quota|Exceed|TooMany|TooLarge|TooBig|Overdraft|Insufficient"
                r"|Threshold|RateLimit|Throttl|CapReached|MaxReached)")
_ERROR = re.compile(
    rf"\b(?:(?:raise|throw(?:\s+new)?)\s+(?:[\w.]+\.)?(?P<exc>\w*{_LIMIT_WORDS}\w*)"
    # Go returns its errors, named Err...: a getter returning self.rateLimit is no guard
    rf"|return\s+(?:\w+\s*,\s*)?(?:\w+\.)?(?P<err>Err\w*{_LIMIT_WORDS}\w*))\b")


def error_tokens(text: str) -> list[str]:
    """The limit errors a code line raises, throws or returns."""
    if "raise" not in text and "throw" not in text and "return" not in text:
        return []
    return [m.group("exc") or m.group("err") for m in _ERROR.finditer(text)]


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    if not any(error_tokens(ln.text) for ln in ctx.change.removed_lines()):
        return ()
    return _hits(ctx)


def _hits(ctx: FileContext) -> Iterator[Hit]:
    for removal in unmatched_removals(ctx.change, error_tokens, coarse=lambda _: "limit"):
        line = removal.line
        yield Hit(line.number, line.side, clip(line.text), anchor=f"guard:{removal.token}",
                  values={"error": removal.token, "line_text": clip(line.text, 120)})
