"""Plain-text tables: the first column left-aligned, the others right-aligned."""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.evaluation.results import Rate


def table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def percent(rate: Rate) -> str:
    """``67%``, or ``-`` when there is nothing to divide by."""
    value = rate.value
    return "-" if value is None else f"{value:.0%}"
