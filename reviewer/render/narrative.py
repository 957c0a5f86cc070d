"""The LLM narrative under the deterministic verdict, marked advisory and machine-generated.

Its text is model output: in Markdown it is escaped like any untrusted text (no HTML, no
table-breaking pipes, no @-mentions that would notify people), and concerns that could not be
matched to the file are shown as unverified.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from reviewer.report import Concern, NarrativeReport

MAX_CLIPPED_SHOWN = 5
_MD_ICONS = {"block": "🛑", "warn": "⚠️", "info": "ℹ️"}


def text_lines(n: NarrativeReport, paint: Callable[[str, str], str]) -> list[str]:
    if n.status != "ok":
        detail = n.reason or n.error or ""
        return [paint(f"Narrative: {n.status}" + (f" ({detail})" if detail else ""), "dim")]
    lines = [paint(f"Narrative: ok — advisory, machine-generated ({_origin(n)})", "dim")]
    lines += _wrapped("Summary: " + _one_line(n.summary))
    if n.blast_radius:
        lines += _wrapped("Blast radius: " + _one_line(n.blast_radius))
    if n.concerns:
        lines.append("  Concerns:")
        for c in n.concerns:
            flag = "" if c.grounded else "  [unverified: line or quote not found in the file]"
            lines += _wrapped(f"{_where(c)}  {c.severity.upper()}  {_one_line(c.text)}{flag}",
                              indent=4)
    for title, items in _lists(n):
        lines.append(f"  {title}:")
        for item in items:
            lines += _wrapped("- " + _one_line(item), indent=4)
    lines.append(paint("  " + _facts(n), "dim"))
    for clip in n.clipped[:MAX_CLIPPED_SHOWN]:
        lines.append(paint(f"  not shown to the model: {clip.path}: {clip.why}", "dim"))
    if len(n.clipped) > MAX_CLIPPED_SHOWN:
        lines.append(paint(f"  … and {len(n.clipped) - MAX_CLIPPED_SHOWN} more", "dim"))
    return lines


def markdown_lines(n: NarrativeReport) -> list[str]:
    from reviewer.render.markdown import cell, code

    if n.status != "ok":
        detail = n.reason or n.error or ""
        return [f"<sub>Narrative: {n.status}{' — ' + cell(detail) if detail else ''}</sub>", ""]
    out = ["### Risk narrative (advisory, machine-generated)", "",
           f"<sub>{cell(_origin(n))} · {cell(_facts(n), 400)}</sub>", "",
           _prose(n.summary), ""]
    if n.blast_radius:
        out += [f"**Blast radius:** {_prose(n.blast_radius)}", ""]
    if n.concerns:
        out += ["| | Where | Concern |", "|---|---|---|"]
        for c in n.concerns:
            icon = _MD_ICONS.get(c.severity, "") if c.grounded else "❔"
            note = "" if c.grounded else " _(unverified: line or quote not found in the file)_"
            out.append(f"| {icon} | {code(_where(c))} | {_prose(cell(c.text, 600))}{note} |")
        out.append("")
    for title, items in _lists(n):
        out += [f"**{title}**", *(f"- {_prose(cell(item, 600))}" for item in items), ""]
    if n.clipped:
        out.append(f"<sub>Parts of the change not shown to the model: {len(n.clipped)} (see "
                   f"coverage.narrative_clipped in the JSON report)</sub>")
        out.append("")
    return out


def _origin(n: NarrativeReport) -> str:
    parts = [n.model, n.prompt]
    if n.output_mode:
        parts.append(n.output_mode.replace("_", " "))
    if n.cache_hit:
        parts.append("cached")
    return ", ".join(p for p in parts if p)


def _facts(n: NarrativeReport) -> str:
    g = n.grounding
    kept = g.grounded + g.ungrounded
    facts = [f"{g.grounded} of {kept} concern{'s' if kept != 1 else ''} grounded in the diff"]
    if g.dropped:
        facts.append(f"{g.dropped} dropped (file not in the change)")
    facts.append(f"{n.redactions} value{'s' if n.redactions != 1 else ''} redacted")
    facts.append(f"{n.tokens.prompt} prompt tokens")
    if n.repaired:
        facts.append("answer repaired once")
    if n.tool_refusals:
        facts.append(f"{len(n.tool_refusals)} tool request(s) refused")
    return "; ".join(facts)


def _lists(n: NarrativeReport) -> list[tuple[str, tuple[str, ...]]]:
    lists = (("Questions for the author", n.questions), ("Before merging", n.pre_merge_checks),
             ("After merging", n.post_merge_checks))
    return [(title, items) for title, items in lists if items]


def _where(c: Concern) -> str:
    return f"{c.path}:{c.line}" + (" (deleted line)" if c.side == "old" else "")


def _wrapped(text: str, indent: int = 2) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, width=100, initial_indent=pad, subsequent_indent=pad + "  ",
                         drop_whitespace=True) or [pad]


def _one_line(text: str) -> str:
    """Model text on one line, without control or format characters (a terminal escape in
    the model's answer must not repaint the verdict above it)."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())


def _prose(text: str) -> str:
    """Model text safe in Markdown: one paragraph, no HTML, no @-mentions."""
    return _one_line(text).replace("<", "&lt;").replace("@", "&#64;")
