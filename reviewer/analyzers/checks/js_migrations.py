"""JavaScript and TypeScript migrations (Knex, Sequelize, TypeORM): destructive and locking
schema operations.

There is no JavaScript parser here, so statements are read line by line, a statement going on
while brackets are open. A Knex builder call (``t.index(...)``) belongs to the nearest
``createTable``/``alterTable``/``table`` callback above it; Sequelize's ``queryInterface`` and
TypeORM's ``queryRunner`` calls name their table as the first argument. On a table the
migration creates nothing is locked or lost; on an existing one an index, a foreign key or NOT
NULL scans the table while writes wait (Knex has no concurrent index or NOT VALID option;
Sequelize's addIndex takes ``concurrently: true``). The ``down`` function is the rollback path
and is skipped; SQL given to ``knex.raw`` or ``query`` goes through the SQL classifier.
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
from reviewer.analyzers.checks.sql_classify import DESTRUCTIVE, LOCKING, analyze_sql
from reviewer.analyzers.context import FileContext, Hit

_UP = re.compile(r"\b(?:exports\.up|function\s+up|up\s*[:=]\s*(?:async\s*)?(?:function|\()"
                 r"|async\s+up\s*\()")
_DOWN = re.compile(r"\b(?:exports\.down|function\s+down|down\s*[:=]\s*(?:async\s*)?"
                   r"(?:function|\()|async\s+down\s*\()")
_TABLE_CALL = re.compile(
    r"\.(?P<kind>createTable(?:IfNotExists)?|alterTable|table)\s*\(\s*[\"'`](?P<table>[\w.]+)"
    r"[\"'`]\s*,\s*(?:async\s+)?(?:function\s*)?\(?\s*(?P<param>\w+)")
_SCHEMA_OPS = {"dropTable": "drop-table", "dropTableIfExists": "drop-table",
               "renameTable": "rename"}
_SCHEMA_CALL = re.compile(r"\.schema\s*\.\s*(?P<name>dropTable(?:IfExists)?|renameTable)\s*\(")
_RAW = re.compile(r"""\.(?:raw|query)\s*\(\s*(["'`])(?P<sql>(?:(?!\1)[\s\S])*)\1""")
# A function, method, class or exported object opens: its statements are read one by one
# (an options object closing a call's arguments does not).
_OPENS_BLOCK = re.compile(r"(?:=>|\bfunction\b[^{]*|\)\s*(?::\s*[\w.<>\[\], |]+)?|\bclass\b[^{]*|=)"
                          r"\s*\{\s*(?://.*)?$")
_RUNNER = re.compile(r"^\s*(?:await\s+|return\s+)?(?:queryInterface|queryRunner|qi)\s*\.")
_FIRST_NAME = re.compile(r"""\(\s*["'`]([\w.]+)["'`]""")
_CREATED = re.compile(r"""\.createTable\s*\(\s*(?:["'`]([\w.]+)["'`]|new\s+Table\s*\(\s*\{\s*"""
                      r"""name:\s*["'`]([\w.]+)["'`])""")
_RUNNER_OPS: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    # category, kind, the call, what makes it safe
    (DESTRUCTIVE, "drop-table", re.compile(r"\.dropTable\s*\("), None),
    (DESTRUCTIVE, "drop-column", re.compile(r"\.(?:removeColumn|dropColumns?)\s*\("), None),
    (DESTRUCTIVE, "rename", re.compile(r"\.rename(?:Column|Table)\s*\("), None),
    (LOCKING, "index", re.compile(r"\.(?:addIndex|createIndex|createIndices)\s*\("),
     re.compile(r"\b(?:concurrently|isConcurrent)\s*:\s*true\b")),
    (LOCKING, "foreign-key", re.compile(r"\.createForeignKeys?\s*\(|\.addConstraint\s*\("
                                        r"""[\s\S]*\btype\s*:\s*["'`]foreign key""", re.I), None),
    (LOCKING, "not-null", re.compile(r"\.changeColumn\s*\([\s\S]*\ballowNull\s*:\s*false\b"),
     None),
)
_BUILDER_OPS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (DESTRUCTIVE, "drop-column", re.compile(r"\.drop(?:Column|Columns|Timestamps)\s*\(")),
    (DESTRUCTIVE, "rename", re.compile(r"\.renameColumn\s*\(")),
    (LOCKING, "index", re.compile(r"\.(?:index|unique|primary)\s*\(")),
    (LOCKING, "foreign-key", re.compile(r"\.(?:foreign|references)\s*\(")),
    (LOCKING, "not-null", re.compile(r"\.notNullable\s*\([\s\S]*\.alter\s*\(")),
)


class _Table(NamedTuple):
    param: str
    created: bool
    indent: int


def is_migration(ctx: FileContext) -> bool:
    """Knex (``knex.schema``), Sequelize (``queryInterface``) or TypeORM (``queryRunner``)."""
    text = ctx.visible_text
    return ("knex" in text and (_UP.search(text) is not None or ".schema." in text)) \
        or "queryInterface" in text or "queryRunner" in text


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    return hits(ctx, ctx.memo("js-migration-operations", _operations), options)


def _operations(ctx: FileContext) -> list[Operation]:
    side = new_side(ctx)
    out: list[Operation] = []
    for segment in side.segments:
        statements = list(_statements(segment))
        created = {m.group(1) or m.group(2) for _, _, text, _ in statements
                   if (m := _CREATED.search(text))}
        for first, last, text, table in statements:
            if side.touches(first, last):
                out.extend(_classify(text, first, table, created))
    return out


def _statements(segment: Segment) -> Iterator[tuple[int, int, str, _Table | None]]:
    """Statements of the ``up`` path with the table callback that holds them (None when the
    callback is out of view: a hunk of an existing migration)."""
    lines = segment.text.split("\n")
    in_down = False
    tables: list[_Table] = []
    i = 0
    while i < len(lines):
        text, number = lines[i], segment.first_line + i
        if _DOWN.search(text):
            in_down = True
        elif _UP.search(text):
            in_down = False
        indent = len(text) - len(text.lstrip())
        if text.strip() and not text.strip().startswith(("//", "*", "/*")):
            while tables and indent <= tables[-1].indent and text.strip().startswith(("}", ")")):
                tables.pop()
        opened = _TABLE_CALL.search(text)
        if opened is not None:
            tables.append(_Table(opened.group("param"),
                                 opened.group("kind").startswith("createTable"), indent))
        if opened is not None or _OPENS_BLOCK.search(text):
            i += 1  # a function or callback opens: its statements are read one by one
            continue
        last = statement_end(lines, i, r"//.*$")
        body = "\n".join(lines[i:last + 1])
        if not in_down and not text.strip().startswith("//"):
            yield number, segment.first_line + last, body, tables[-1] if tables else None
        i = last + 1


def _classify(text: str, line: int, table: _Table | None,
              created: set[str]) -> Iterator[Operation]:
    what = " ".join(text.split())
    schema = _SCHEMA_CALL.search(text)
    if schema is not None:
        yield Operation(DESTRUCTIVE, _SCHEMA_OPS[schema.group("name")], what, line)
        return
    raw = _RAW.search(text)
    if raw is not None:
        report = analyze_sql(raw.group("sql"), line)
        yield from (Operation(i.category, i.kind, i.what, line) for i in report.issues)
        return
    if _RUNNER.match(text):
        yield from _runner_call(text, what, line, created)
        return
    if table is not None and (table.created
                              or not re.match(rf"\s*{re.escape(table.param)}\s*\.", text)):
        return
    if table is None and not re.match(r"\s*(?:t|table|tbl|builder)\s*\.", text):
        return
    for category, kind, pattern in _BUILDER_OPS:
        if pattern.search(text):
            yield Operation(category, kind, what, line)
            return


def _runner_call(text: str, what: str, line: int, created: set[str]) -> Iterator[Operation]:
    """A Sequelize ``queryInterface`` or TypeORM ``queryRunner`` call."""
    name = _FIRST_NAME.search(text)
    for category, kind, pattern, safe in _RUNNER_OPS:
        if not pattern.search(text) or (safe is not None and safe.search(text)):
            continue
        if category == LOCKING and name is not None and name.group(1) in created:
            return  # a table this migration creates is not in use yet
        yield Operation(category, kind, what, line)
        return
