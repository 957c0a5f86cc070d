"""Checks that a Markdown text is well-formed: rendered by a CommonMark renderer with GFM
tables (markdown-it-py), its HTML must nest properly."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

VOID = {"br", "hr", "img", "input"}


class Structure(HTMLParser):
    """The HTML a Markdown text renders to: open/close balance, table rows and their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.rows: list[int] = []
        self.headings: list[str] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th"):
            self.rows[-1] += 1
        elif tag in ("h2", "h3"):
            self._heading = ""

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("h2", "h3") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading += data


def assert_well_formed(markdown: str) -> Structure:
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    parsed = Structure()
    parsed.feed(html)
    parsed.close()
    assert parsed.errors == [] and parsed.stack == [], (parsed.errors, parsed.stack)
    return parsed
