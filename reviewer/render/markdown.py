"""Markdown for a pull-request comment or a job summary: verdict and blockers first.

Layout, top to bottom: verdict and counts; blockers; what to do before merging; warnings; the
advisory narrative; then, folded in ``<details>``, waived and info findings, why each finding
matters, and coverage. The whole text fits ``limit`` (GitHub refuses comments over 65,536
characters): when it would not, the "why" section goes first, then table rows from the least
severe up, and the comment says how many findings it left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.render import RenderOptions
from reviewer.render.grouping import ICONS, change_text, counts_text
from reviewer.render.narrative import markdown_lines as narrative_markdown
from reviewer.report import Report
from reviewer.severity import Severity

COMMENT_LIMIT = 65_536
"""GitHub's limit on a comment body, in characters."""
MAX_LIST_ITEMS = 30
"""Required actions and coverage entries shown before "and N more"."""

_BACKTICKS = re.compile("`+")
_VERDICT_ICON = {"pass": "✅", "warn": "⚠️", "block": "🛑"}
_WAIVED = "💤"


def size(text: str) -> int:
    """Length as GitHub counts it at worst (UTF-16 code units: an emoji may count twice)."""
    return len(text.encode("utf-16-le")) // 2


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text[: limit - 1] + "…" if len(text) > limit else text


def cell(text: str, limit: int = 160) -> str:
    """Plain text safe in a table cell or list item: no pipe, backtick or tag can break out."""
    text = _clip(text, limit)
    for char in "\\`|":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;")


def code(text: str, limit: int = 120, *, table: bool = True) -> str:
    """Text as an inline code span that holds whatever backticks it contains. In a table
    cell a pipe is written ``\\|``, which GitHub and CommonMark+GFM read as a pipe there."""
    text = _clip(text, limit)
    if not text:
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text}{pad}{fence}"


def render(report: Report, options: RenderOptions) -> str:
    return render_markdown(report)


class _Row(NamedTuple):
    finding: Finding
    text: str
    """The table row, built once: the size search below composes many times."""


class _Tiers(NamedTuple):
    """Table rows in the order they keep their place when space runs out."""

    block: list[_Row]
    warn: list[_Row]
    waived: list[_Row]
    info: list[_Row]

    @classmethod
    def of(cls, report: Report) -> _Tiers:
        ordered = sorted(report.findings, key=lambda f: (f.path, f.line, f.rule_id))
        tiers = cls([], [], [], [])
        for f in ordered:
            tier = tiers.waived if f.waived else (
                tiers.block if f.severity is Severity.BLOCK else
                tiers.warn if f.severity is Severity.WARN else tiers.info)
            tier.append(_Row(f, _row(f)))
        return tiers

    def first(self, count: int) -> _Tiers:
        """The first ``count`` rows in priority order, kept in their tiers."""
        out: list[list[_Row]] = []
        for tier in self:
            out.append(tier[:max(count, 0)])
            count -= len(tier)
        return _Tiers(*out)

    @property
    def total(self) -> int:
        return sum(len(tier) for tier in self)


class _Fixed(NamedTuple):
    """The sections whose text does not depend on how many findings fit."""

    header: list[str]
    actions: list[str]
    narrative: list[str]
    coverage: list[str]


def render_markdown(report: Report, limit: int = COMMENT_LIMIT) -> str:
    """The report as Markdown of at most ``limit`` characters (see ``size``)."""
    tiers = _Tiers.of(report)
    # The advisory narrative's section is one call: its own renderer can take this place.
    fixed = _Fixed(_header(report), _actions(report), narrative_section(report),
                   _coverage(report))
    full = _compose(fixed, tiers, tiers.total, why=True)
    if size(full) <= limit:
        return full
    low, high = 0, tiers.total
    best = _compose(fixed, tiers, 0, why=False)
    while low <= high:  # the most findings that still fit, most severe first
        middle = (low + high) // 2
        text = _compose(fixed, tiers, middle, why=False)
        if size(text) <= limit:
            best, low = text, middle + 1
        else:
            high = middle - 1
    if size(best) <= limit:
        return best
    return _too_large(fixed, tiers)


def _compose(fixed: _Fixed, all_tiers: _Tiers, shown: int, *, why: bool) -> str:
    tiers = all_tiers.first(shown)
    out = list(fixed.header)
    out += _table(f"{ICONS[Severity.BLOCK]} Blockers", tiers.block, all_tiers.block)
    out += fixed.actions
    out += _table(f"{ICONS[Severity.WARN]} Warnings", tiers.warn, all_tiers.warn)
    left_out = all_tiers.total - tiers.total
    if left_out:
        out += [f"_{left_out} more finding{'s' if left_out != 1 else ''} not shown here to keep "
                "this comment within GitHub's size limit; the job summary, the SARIF upload "
                "and `reviewer review` list every one._", ""]
    out += fixed.narrative
    out += _folded(f"{_WAIVED} {len(all_tiers.waived)} waived", tiers.waived)
    out += _folded(f"{ICONS[Severity.INFO]} {len(all_tiers.info)} info", tiers.info)
    if why:
        out += _why(tiers)
    out += fixed.coverage
    return "\n".join(out)


def _header(report: Report) -> list[str]:
    verdict = report.verdict.value
    out = [f"## {_VERDICT_ICON[verdict]} reviewer: **{verdict.upper()}**", ""]
    cov = report.coverage
    out.append(f"{counts_text(report)} — {cov.files} file{'s' if cov.files != 1 else ''} "
               f"changed, {cov.analyzed} analyzed")
    out.append("")
    if report.decision.deterministic_verdict is not report.verdict:
        out += [f"_Deterministic verdict: {report.decision.deterministic_verdict.value}; the "
                "advisory narrative raised it._", ""]
    out += [f"> {cell(note, 400)}" for note in report.notes]
    if report.notes:
        out.append("")
    return out


def _row(f: Finding) -> str:
    icon = (_WAIVED if f.waived else "") + ICONS[f.severity]
    what = f"**{cell(f.title or f.rule_id)}** <sub>{cell(f.rule_id)}</sub>"
    return f"| {icon} | {_where(f)} | {what} | {code(change_text(f) or f.evidence)} |"


def _rows(rows: Sequence[_Row]) -> list[str]:
    return ["| | Where | Finding | Change |", "|---|---|---|---|", *(r.text for r in rows), ""]


def _where(f: Finding, *, table: bool = True) -> str:
    return (code(f"{f.path}:{f.line}", table=table)
            + (" (deleted)" if f.side is Side.OLD else ""))


def _table(title: str, shown: list[_Row], every: list[_Row]) -> list[str]:
    if not every:
        return []
    return [f"### {title} ({len(every)})", "", *_rows(shown)]


def _folded(summary: str, shown: list[_Row]) -> list[str]:
    if not shown:
        return []
    return [f"<details><summary>{summary}</summary>", "", *_rows(shown), "</details>", ""]


def _actions(report: Report) -> list[str]:
    actions = report.decision.required_actions
    if not actions:
        return []
    return ["### Before merging", *_capped([f"- {cell(a, 400)}" for a in actions]), ""]


def narrative_section(report: Report) -> list[str]:
    """The advisory narrative, under the deterministic findings; a one-line status when
    there is none. Findings, not this section, give way when the comment runs out of room,
    so it must stay short (a few thousand characters)."""
    return narrative_markdown(report.narrative)


def _why(tiers: _Tiers) -> list[str]:
    shown = [row.finding for tier in tiers for row in tier]
    if not shown:
        return []
    out = ["<details><summary>Why these findings matter</summary>", ""]
    for f in shown:
        note = f" _(severity {cell(f.severity_note)})_" if f.severity_note else ""
        out.append(f"- **{cell(f.rule_id)}** at {_where(f, table=False)}: "
                   f"{cell(f.message, 400)}{note}")
    return [*out, "", "</details>", ""]


def _coverage(report: Report) -> list[str]:
    cov = report.coverage
    if not (cov.skipped or cov.degraded or cov.errors):
        return []
    items = [f"- ⛔ {cell(e, 400)}" for e in cov.errors]
    items += [f"- skipped {code(s.path, table=False)}: {cell(s.why)}" for s in cov.skipped]
    items += [f"- partial {code(s.path, table=False)}: {cell(s.why)}" for s in cov.degraded]
    return ["<details><summary>Coverage</summary>", "", *_capped(items), "", "</details>", ""]


def _capped(items: list[str]) -> list[str]:
    if len(items) <= MAX_LIST_ITEMS:
        return items
    return [*items[:MAX_LIST_ITEMS], f"- … and {len(items) - MAX_LIST_ITEMS} more"]


def _too_large(fixed: _Fixed, tiers: _Tiers) -> str:
    """Last resort when even the fixed sections overflow: verdict and counts only."""
    return "\n".join([*fixed.header,
                      f"_{tiers.total} findings: too many to show within GitHub's comment size "
                      "limit; the job summary, the SARIF upload and `reviewer review` list "
                      "every one._", ""])
