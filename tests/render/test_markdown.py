"""Markdown: well-formed through a CommonMark renderer with GFM tables, laid out verdict and
blockers first, and within GitHub's comment size however many findings there are."""

from __future__ import annotations

from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from reviewer.analyzers.engine import Skipped
from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.render.markdown import COMMENT_LIMIT, MAX_LIST_ITEMS, render_markdown, size
from reviewer.report import Coverage, NarrativeReport
from reviewer.severity import Severity
from tests.render.markdown_checks import assert_well_formed
from tests.render.sample import FINDINGS, sample_report


def test_sample_is_well_formed_with_every_row_in_its_table() -> None:
    parsed = assert_well_formed(render_markdown(sample_report()))
    # header + one row per finding: 2 blockers, 2 warnings, 1 waived, 1 info; four cells each
    assert parsed.rows == [4] * 10
    assert parsed.headings == ["🛑 reviewer: BLOCK", "🛑 Blockers (2)", "Before merging",
                               "⚠️ Warnings (2)"]


def test_order_is_verdict_blockers_actions_warnings_narrative_then_folded_detail() -> None:
    report = replace(sample_report(), coverage=Coverage(5, 4, (Skipped("a.png", "binary"),)))
    text = render_markdown(report)
    marks = ["reviewer: **BLOCK**", "### 🛑 Blockers", "### Before merging", "### ⚠️ Warnings",
             "Narrative: disabled", "💤 1 waived", "ℹ️ 1 info", "Why these findings matter",
             "<summary>Coverage"]
    positions = [text.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_narrative_section_sits_after_the_deterministic_findings() -> None:
    narrative = NarrativeReport("ok", model="m", summary="Checkout loses headroom at peak.")
    text = render_markdown(replace(sample_report(), narrative=narrative))
    assert text.index("### ⚠️ Warnings") < text.index(
        "### Risk narrative (advisory, machine-generated)") < text.index("💤 1 waived")
    assert "Checkout loses headroom at peak." in text


HOSTILE = [
    "pipes | in | text", "back`ticks`` and ```fences```", "</details><details open>",
    "<script>alert(1)</script>", "line\nbreaks\r\nand\ttabs", "**bold** _it_ [x](javascript:y)",
    "\\ trailing backslash \\", "| --- |",
]
HOSTILE.append(" ".join(HOSTILE))  # and all of them at once


@pytest.mark.parametrize("text", HOSTILE)
def test_text_from_the_diff_cannot_break_the_layout(text: str) -> None:
    hostile = Finding("rule-x", "config.empty-value", Severity.BLOCK, f"a/{text}.yaml", 3,
                      Side.NEW, text, text, "f" * 20, title=text, key=text, before=text,
                      after=text, severity_note=text)
    report = replace(sample_report((hostile, *FINDINGS)),
                     notes=(text,), coverage=Coverage(5, 4, (Skipped(text, text),)))
    markdown = render_markdown(report)
    parsed = assert_well_formed(markdown)
    assert parsed.rows[:4] == [4, 4, 4, 4]  # the hostile row keeps its four cells
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script>" not in html
    assert html.count("<details>") == html.count("</details>") == 4
    # the location reads back exactly, whatever it contains (clipped at 120 characters)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    first_body_row = next(i for i, t in enumerate(tokens) if t.type == "tbody_open") + 1
    where = [t for t in tokens[first_body_row:] if t.type == "inline"][1]
    spans = [t.content for t in where.children or [] if t.type == "code_inline"]
    expected = " ".join(f"a/{text}.yaml:3".split())
    assert spans == [expected if len(expected) <= 120 else expected[:119] + "…"]


def many(count: int, severity: Severity, message_size: int = 300) -> tuple[Finding, ...]:
    return tuple(FINDINGS[0]._replace(severity=severity, line=n, fingerprint=f"{n:020x}",
                                      message="m" * message_size, path=f"svc/{n:05d}.yaml")
                 for n in range(1, count + 1))


@pytest.mark.parametrize(("blocks", "warns", "infos"), [(2, 3000, 3000), (400, 2000, 0),
                                                        (3000, 0, 0)])
def test_huge_reports_fit_a_github_comment_most_severe_first(blocks: int, warns: int,
                                                             infos: int) -> None:
    findings = (many(blocks, Severity.BLOCK) + many(warns, Severity.WARN)
                + many(infos, Severity.INFO))
    text = render_markdown(sample_report(findings))
    assert size(text) <= COMMENT_LIMIT
    assert_well_formed(text)
    assert "Why these findings matter" not in text  # the first thing to go
    shown_blocks = text.count("| 🛑 |")
    shown_warns = text.count("| ⚠️ |")
    shown_infos = text.count("| ℹ️ |")
    assert 0 < shown_blocks <= blocks
    # a less severe row only appears once every more severe one is in
    assert shown_warns == 0 or shown_blocks == blocks
    assert shown_infos == 0 or shown_warns == warns
    left_out = len(findings) - shown_blocks - shown_warns - shown_infos
    assert f"_{left_out} more findings not shown here" in text
    assert f"### 🛑 Blockers ({blocks})" in text


def test_a_report_that_fits_keeps_everything() -> None:
    text = render_markdown(sample_report(many(50, Severity.WARN)))
    assert text.count("| ⚠️ |") == 50 and "not shown here" not in text
    assert "Why these findings matter" in text


def test_long_lists_are_capped() -> None:
    skipped = tuple(Skipped(f"img/{n}.png", "binary file") for n in range(MAX_LIST_ITEMS + 7))
    text = render_markdown(replace(sample_report(), coverage=Coverage(40, 3, skipped)))
    assert text.count("- skipped `img/") == MAX_LIST_ITEMS
    assert "- … and 7 more" in text


def test_size_counts_what_github_counts() -> None:
    assert size("abc") == 3 and size("🛑") == 2 and size("⚠️") == 2
