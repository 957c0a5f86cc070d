"""Rails (ActiveRecord) migrations: destructive, locking and unscoped data operations.

Ruby has no parser here, so calls are read line by line: a call continues while brackets are
open or a line ends with a comma. ``def down`` methods and ``dir.down`` blocks are the
rollback path and are skipped; raw SQL in ``execute`` (strings or heredocs) goes through the
SQL classifier.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.migration_ops import (
    Operation,
    Segment,
    hits,
    new_side,
    statement_end,
)
from reviewer.analyzers.checks.sql_classify import BULK, DESTRUCTIVE, LOCKING, analyze_sql
from reviewer.analyzers.context import FileContext, Hit

_DESTRUCTIVE = {
    "drop_table": "drop-table", "drop_join_table": "drop-table", "remove_column": "drop-column",
    "remove_columns": "drop-column", "remove_reference": "drop-column",
    "remove_belongs_to": "drop-column", "remove_timestamps": "drop-column",
    "rename_column": "rename", "rename_table": "rename", "change_column": "alter-type",
}
_TABLE_BLOCK = {"remove": "drop-column", "remove_references": "drop-column",
                "remove_belongs_to": "drop-column", "rename": "rename", "change": "alter-type"}
_CALL = re.compile(r"^\s*(?:(?P<recv>\w+)\.)?(?P<name>[a-z_]+[!?]?)\b(?P<rest>.*)$")
_SYMBOL = re.compile(r"""[:"']([\w.]+)["']?""")
_DOWN = re.compile(r"^(\s*)(?:def\s+(?:self\.)?down\b|\w+\.down\s+do\b)")
_HEREDOC = re.compile(r"<<[~-]?(['\"]?)([A-Z_]+)\1")
_BULK = re.compile(r"\b[A-Z]\w*(?:::\w+)*(?:\.(?:all|unscoped))?\.(delete_all|update_all|"
                   r"destroy_all)\b")


class _Call(NamedTuple):
    name: str
    receiver: str | None
    text: str
    first: int
    last: int
    table_block: str | None
    """The table of the enclosing ``change_table`` block, for ``t.remove`` and friends."""


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    return hits(ctx, ctx.memo("rails-operations", _operations), options)


def _operations(ctx: FileContext) -> list[Operation]:
    side = new_side(ctx)
    out: list[Operation] = []
    for segment in side.segments:
        calls, sql = _calls(segment)
        created = {_first_symbol(c.text) for c in calls if c.name == "create_table"}
        for call in calls:
            if side.touches(call.first, call.last):
                out.extend(_classify(call, created))
        for first, text in sql:
            report = analyze_sql(text, first)
            out.extend(Operation(i.category, i.kind, i.what, i.line) for i in report.issues
                       if side.touches(i.statement.line, i.statement.end_line))
    return out


def _calls(segment: Segment) -> tuple[list[_Call], list[tuple[int, str]]]:
    """Calls outside rollback blocks, and the SQL given to ``execute``."""
    lines = segment.text.split("\n")
    calls: list[_Call] = []
    sql: list[tuple[int, str]] = []
    skip_until: str | None = None
    table_block: tuple[str, str] | None = None  # (indent, table)
    i = 0
    while i < len(lines):
        text, number = lines[i], segment.first_line + i
        stripped = text.strip()
        if skip_until is not None:
            if re.match(rf"^{skip_until}end\b", text):
                skip_until = None
            i += 1
            continue
        down = _DOWN.match(text)
        if down is not None:
            skip_until = down.group(1)
            i += 1
            continue
        if stripped.startswith("#") or re.search(r"\.down\s*\{", text):
            i += 1
            continue
        if table_block is not None and re.match(rf"^{table_block[0]}end\b", text):
            table_block = None
        match = _CALL.match(text)
        if match is None:
            i += 1
            continue
        last = statement_end(lines, i, r"#.*$", (",", "\\"))
        body = "\n".join(lines[i:last + 1])
        name = match.group("name")
        if name == "change_table":
            table_block = (text[:len(text) - len(text.lstrip())], _first_symbol(body))
        if name == "execute":
            sql.extend(_execute_sql(lines, i, segment.first_line))
        calls.append(_Call(name, match.group("recv"), body, number, segment.first_line + last,
                           table_block[1] if table_block else None))
        i = max(last, i) + 1
    return calls, sql


def _execute_sql(lines: list[str], start: int, first_line: int) -> Iterator[tuple[int, str]]:
    line = lines[start]
    heredoc = _HEREDOC.search(line)
    if heredoc is not None:
        end = next((j for j in range(start + 1, len(lines))
                    if lines[j].strip() == heredoc.group(2)), len(lines))
        yield first_line + start + 1, "\n".join(lines[start + 1:end])
        return
    quoted = re.search(r"""execute[\s(]+(["'])(.*?)(?<!\\)\1""", line)
    if quoted is not None:
        yield first_line + start, quoted.group(2)


def _first_symbol(text: str) -> str:
    after_name = re.sub(r"^\s*(?:\w+\.)?\w+[\s(]*", "", text, count=1)
    found = _SYMBOL.match(after_name.strip())
    return found.group(1).lower() if found else "?"


def _option(text: str, name: str) -> str | None:
    found = re.search(rf"\b{name}:\s*(:?\w+|\{{[^}}]*\}})", text)
    return found.group(1) if found else None


def _classify(call: _Call, created: set[str]) -> Iterator[Operation]:
    name, text = call.name, " ".join(call.text.split())
    if call.receiver is None and name in _DESTRUCTIVE:
        yield Operation(DESTRUCTIVE, _DESTRUCTIVE[name], text, call.first)
        return
    if call.receiver is not None and call.table_block and name in _TABLE_BLOCK:
        yield Operation(DESTRUCTIVE, _TABLE_BLOCK[name],
                        f"change_table :{call.table_block}: {text}", call.first)
        return
    bulk = _BULK.search(text)
    if bulk is not None and ".where" not in text and ".find_each" not in text:
        yield Operation(BULK, "unscoped-delete", text, call.first)
        return
    if call.receiver is not None:
        return
    table = _first_symbol(text)
    if table in created:
        return
    builds_index = name == "add_index" or (
        name in ("add_reference", "add_belongs_to") and _option(text, "index") != "false")
    if builds_index and "algorithm: :concurrently" not in text:
        yield Operation(LOCKING, "index", text, call.first)
    elif name in ("add_foreign_key", "add_check_constraint") and \
            _option(text, "validate") != "false":
        yield Operation(LOCKING, "foreign-key" if name == "add_foreign_key" else "check", text,
                        call.first)
    elif name == "change_column_null" and re.search(r",\s*false\b", text):
        yield Operation(LOCKING, "not-null", text, call.first)
