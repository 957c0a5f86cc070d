"""Liquibase changelogs in XML, YAML or JSON: change types that drop, rewrite or lock.

XML is read with expat (which knows the line of every element) and YAML/JSON with PyYAML's
node tree (which knows the line of every key). ``rollback`` blocks are skipped; ``sql``
changes go through the SQL classifier. A changelog that does not parse (a hunk of a
modified file) is checked with patterns on its added lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.migration_ops import NewSide, Operation, Segment, hits, new_side
from reviewer.analyzers.checks.sql_classify import BULK, DESTRUCTIVE, LOCKING, analyze_sql
from reviewer.analyzers.context import FileContext, Hit

_DESTRUCTIVE = {"dropTable": "drop-table", "dropColumn": "drop-column",
                "renameColumn": "rename", "renameTable": "rename",
                "modifyDataType": "alter-type", "mergeColumns": "drop-column"}
_LOCKING = {"createIndex": "index", "addForeignKeyConstraint": "foreign-key",
            "addNotNullConstraint": "not-null"}
_DATA = {"delete": "unscoped-delete", "update": "unscoped-update"}
_FALLBACK = re.compile(r"(?:<|^\s*-?\s*\"?)(dropTable|dropColumn|renameColumn|renameTable|"
                       r"modifyDataType)\b")


class _Change(NamedTuple):
    kind: str
    attrs: Mapping[str, str]
    first: int
    last: int
    has_where: bool
    sql: tuple[int, str] | None


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    return hits(ctx, ctx.memo("liquibase-operations", lambda c: list(_operations(c))), options)


def _operations(ctx: FileContext) -> Iterator[Operation]:
    side = new_side(ctx)
    xml = ctx.path.lower().endswith(".xml")
    for segment in side.segments:
        changes = None
        if segment.whole:
            try:
                changes = _xml_changes(segment.text) if xml else _yaml_changes(segment.text)
            except Exception:  # any parser complaint: fall back to patterns, never crash
                ctx.degrade("changelog did not parse; checked with patterns")
        if changes is None:
            yield from _by_patterns(segment, side)
            continue
        created = {c.attrs.get("tableName", "").lower() for c in changes
                   if c.kind == "createTable"}
        for change in changes:
            if side.touches(change.first, change.last):
                yield from _classify(change, created)


def _classify(change: _Change, created: set[str]) -> Iterator[Operation]:
    table = change.attrs.get("tableName") or change.attrs.get("baseTableName") or ""
    what = f"{change.kind} {table}".strip()
    column = change.attrs.get("columnName") or change.attrs.get("oldColumnName")
    if column:
        what += f".{column}"
    if change.kind in _DESTRUCTIVE:
        yield Operation(DESTRUCTIVE, _DESTRUCTIVE[change.kind], what, change.first)
    elif change.kind in _LOCKING and table.lower() not in created:
        if change.attrs.get("validate", "").lower() != "false":
            yield Operation(LOCKING, _LOCKING[change.kind], what, change.first)
    elif change.kind in _DATA and not change.has_where:
        yield Operation(BULK, _DATA[change.kind], f"{what} without a where clause",
                        change.first)
    elif change.kind == "sql" and change.sql is not None:
        line, text = change.sql
        for issue in analyze_sql(text, line).issues:
            yield Operation(issue.category, issue.kind, issue.what, issue.line)


def _by_patterns(segment: Segment, side: NewSide) -> Iterator[Operation]:
    for offset, line in enumerate(segment.text.split("\n")):
        number = segment.first_line + offset
        found = _FALLBACK.search(line) if number in side.added else None
        if found is not None:
            yield Operation(DESTRUCTIVE, _DESTRUCTIVE[found.group(1)], line.strip(), number)


def _xml_changes(text: str) -> list[_Change]:
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    out: list[_Change] = []
    stack: list[dict[str, Any]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        stack.append({"name": local, "attrs": attrs, "line": parser.CurrentLineNumber,
                      "where": False, "text": [], "text_line": None})
        if local == "where" and len(stack) > 1:
            stack[-2]["where"] = True

    def data(chunk: str) -> None:
        if stack and stack[-1]["name"] == "sql":
            if stack[-1]["text_line"] is None:
                stack[-1]["text_line"] = parser.CurrentLineNumber
            stack[-1]["text"].append(chunk)

    def end(name: str) -> None:
        node = stack.pop()
        if any(parent["name"] == "rollback" for parent in stack):
            return
        sql = None
        if node["name"] == "sql" and node["text_line"] is not None:
            sql = (node["text_line"], "".join(node["text"]))
        out.append(_Change(node["name"], node["attrs"], node["line"], parser.CurrentLineNumber,
                           node["where"], sql))

    parser.StartElementHandler = start
    parser.CharacterDataHandler = data
    parser.EndElementHandler = end
    parser.Parse(text, True)
    return out


def _yaml_changes(text: str) -> list[_Change]:
    import yaml

    out: list[_Change] = []

    def walk(node: Any) -> None:
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                if name == "rollback":
                    continue
                if isinstance(value, yaml.MappingNode) and name[:1].islower() and \
                        name not in ("changeSet", "databaseChangeLog"):
                    out.append(_yaml_change(name, key, value))
                walk(value)

    walk(yaml.compose(text, Loader=yaml.SafeLoader))
    return out


def _yaml_change(name: str, key: Any, value: Any) -> _Change:
    import yaml

    attrs: dict[str, str] = {}
    sql = None
    has_where = False
    for k, v in value.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        if k.value == "where":
            has_where = True
        if isinstance(v, yaml.ScalarNode):
            attrs[k.value] = str(v.value)
            if k.value == "sql" and name == "sql":
                block = v.style in ("|", ">")
                sql = (v.start_mark.line + (2 if block else 1), str(v.value))
    return _Change(name, attrs, key.start_mark.line + 1, value.end_mark.line + 1, has_where, sql)
