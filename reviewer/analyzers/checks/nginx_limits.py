"""nginx request rate limits raised: a ``limit_req_zone`` whose rate goes up, or a
``limit_req`` that now points at a zone with a much higher rate.

Rates are compared per second (``5r/m`` is 1/12 r/s). A zone's rate comes from its
``limit_req_zone`` line on the same side of the change: the whole file when known,
otherwise the lines the diff shows. A ``limit_req`` swapped for one on a zone whose rate is
unknown is not reported, and neither is a lower rate: a tighter limit is not a risk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import code_lines
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import DiffLine, LineKind

_ZONE = re.compile(r"^\s*limit_req_zone\s.*?\bzone=(?P<name>[\w.-]+):\S*.*?\brate="
                   r"(?P<rate>\d+(?:\.\d+)?)r/(?P<unit>[sm])\b")
_USE = re.compile(r"^\s*limit_req\s+zone=(?P<name>[\w.-]+)")


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``factor`` (default 10): how many times higher a rate must get."""
    if "limit_req" not in ctx.visible_text:
        return ()
    return _raised(ctx, float(options.get("factor", 10)))


def _rate(match: re.Match[str]) -> float:
    per = 60.0 if match.group("unit") == "m" else 1.0
    return float(match.group("rate")) / per


def _shown(rate: float) -> str:
    return f"{rate:g}r/s" if rate >= 1 else f"{rate * 60:g}r/m"


def _side(ctx: FileContext, text: str | None, skip: LineKind) -> dict[str, float]:
    """Each zone's rate on one side: from the whole text when known, else what shows."""
    lines: Iterable[str]
    if text is not None:
        lines = text.split("\n")
    else:
        lines = (ln.text for ln in ctx.change.lines() if ln.kind is not skip)
    rates = {}
    for line in lines:
        found = _ZONE.match(line)
        if found is not None:
            rates[found.group("name")] = _rate(found)
    return rates


def _raised(ctx: FileContext, factor: float) -> Iterator[Hit]:
    old_rates = _side(ctx, ctx.change.before, LineKind.ADDED)
    new_rates = _side(ctx, ctx.change.after, LineKind.REMOVED)
    added = list(code_lines(ctx.change.added_lines()))
    for line in added:
        found = _ZONE.match(line.text)
        if found is None:
            continue
        name, now = found.group("name"), _rate(found)
        was = old_rates.get(name)
        if was is not None and was > 0 and now >= was * factor:
            yield _hit(line, f"limit_req_zone {name}", was, now)
    removed_uses = [m.group("name") for ln in code_lines(ctx.change.removed_lines())
                    if (m := _USE.match(ln.text))]
    for line in added:
        found = _USE.match(line.text)
        if found is None or not removed_uses:
            continue
        name, replaced = found.group("name"), removed_uses.pop(0)
        before, after = old_rates.get(replaced), new_rates.get(name)
        if name != replaced and before and after is not None and after >= before * factor:
            yield _hit(line, f"limit_req zone={replaced} → zone={name}", before, after)


def _hit(line: DiffLine, key: str, was: float, now: float) -> Hit:
    return Hit(line.number, line.side, clip(line.text), anchor=f"nginx-rate|{key}",
               values={"key": key, "old": _shown(was), "new": _shown(now)},
               key=key, before=_shown(was), after=_shown(now))
