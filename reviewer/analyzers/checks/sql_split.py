"""SQL text split into statements with their line numbers, comments blanked out.

sqlglot parses one statement at a time here, so a statement it cannot read is checked line
by line on its own and never costs the findings of the others (see sql_classify).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")


class Statement(NamedTuple):
    code: str
    """The statement without its ``;``, comments replaced by spaces (newlines kept)."""
    line: int
    """Line of its first token."""
    end_line: int

    def line_of(self, offset: int) -> int:
        return self.line + self.code.count("\n", 0, offset)


def split_statements(text: str, first_line: int = 1, *,
                     backslash_escapes: bool = False) -> list[Statement]:
    """Statements of ``text``; quotes, dollar quotes and comments are respected.
    ``backslash_escapes``: ``\\'`` does not end a string (MySQL); Postgres does that only in
    ``E'...'`` strings."""
    out: list[Statement] = []
    buf: list[str] = []
    start: int | None = None
    line = first_line
    i, n = 0, len(text)

    def flush(end_line: int) -> None:
        nonlocal buf, start
        code = "".join(buf)
        stripped = code.strip()
        if stripped and start is not None:
            lead = len(code) - len(code.lstrip())
            out.append(Statement(stripped, start + code.count("\n", 0, lead), end_line))
        buf, start = [], None

    while i < n:
        ch = text[i]
        if start is None:
            start = line
        if ch == "\n":
            line += 1
            buf.append(ch)
            i += 1
        elif ch == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            buf.append(" " * (end - i))
            i = end
        elif ch == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            comment = text[i:end]
            buf.append(re.sub(r"[^\n]", " ", comment))
            line += comment.count("\n")
            i = end
        elif ch in "'\"`":
            escapes = ch == "'" and (backslash_escapes or text[i - 1:i] in ("E", "e"))
            end = _quote_end(text, i, ch, escapes)
            buf.append(text[i:end])
            line += text.count("\n", i, end)
            i = end
        elif ch == "$" and (tag := _DOLLAR_TAG.match(text, i)) is not None:
            end = text.find(tag.group(0), tag.end())
            end = n if end == -1 else end + len(tag.group(0))
            buf.append(text[i:end])
            line += text.count("\n", i, end)
            i = end
        elif ch == ";":
            flush(line)
            i += 1
        else:
            buf.append(ch)
            i += 1
    flush(line)
    return out


def _quote_end(text: str, start: int, quote: str, escapes: bool) -> int:
    """Index just past the closing quote; a doubled quote is an escaped one."""
    i = start + 1
    while True:
        end = text.find(quote, i)
        if end == -1:
            return len(text)
        if text.startswith(quote * 2, end):
            i = end + 2
            continue
        if escapes and text[end - 1] == "\\" and text[end - 2] != "\\":
            i = end + 1
            continue
        return end + 1
