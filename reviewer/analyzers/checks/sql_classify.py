"""What SQL statements do to a live database: destructive, locking or unscoped data changes.

Each statement is parsed with sqlglot (imported here, lazily: only a changed SQL file pays
for it). A statement sqlglot cannot read, or reads only as an opaque command, is checked
with patterns instead, so an unusual statement never hides a finding.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from reviewer.analyzers.checks.sql_split import Statement, split_statements

DESTRUCTIVE = "migration.destructive"
LOCKING = "migration.locking"
BULK = "data.bulk-delete"


class SqlIssue(NamedTuple):
    category: str
    kind: str
    """Stable short name: drop-table, drop-column, truncate, alter-type, rename, index,
    foreign-key, check, not-null, volatile-default, backfill, unscoped-delete, unscoped-update."""
    what: str
    """The operation as a reader would name it: ``DROP COLUMN orders.note``."""
    line: int
    statement: Statement


class SqlReport(NamedTuple):
    issues: list[SqlIssue]
    exclusive: list[tuple[Statement, str]]
    """Statements taking ACCESS EXCLUSIVE locks on tables that existed before, and what."""
    slow: list[tuple[Statement, str]]
    """Statements that hold their locks while they scan, rewrite or build (an index, a
    validated constraint, a type change, a backfill, VACUUM FULL...), and what; an ALTER that
    only edits the catalogue (a nullable column, a default, a rename) is not among them."""
    lock_timeout: bool
    unparsed: list[int]
    """Lines of statements sqlglot could not parse (checked with patterns instead)."""
    mysql: bool


_MYSQL_HINTS = re.compile(r"`|\bENGINE\s*=|\bAUTO_INCREMENT\b|\bUNSIGNED\b", re.I)
_LOCK_TIMEOUT = re.compile(r"\bSET\s+(?:LOCAL\s+|SESSION\s+)?(?:lock_timeout|lock_wait_timeout)\b",
                           re.I)
_NOT_EXECUTED = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:FUNCTION|PROCEDURE|TRIGGER|"
    r"RULE|EVENT)\b", re.I)
"""Bodies of functions and triggers run later, row by row, not when the migration runs."""
_VOLATILE_DEFAULT = re.compile(
    r"\bDEFAULT\s+\(?\s*(gen_random_uuid|uuid_generate_v[14]\w*|random|clock_timestamp|"
    r"timeofday|nextval|txid_current|statement_timestamp)\s*\(", re.I)
_STRING = re.compile(r"'(?:[^']|'')*'")
_EXCLUSIVE_COMMAND = re.compile(
    r"^\s*(?:ALTER\s+TABLE\b(?![\s\S]*\bVALIDATE\s+CONSTRAINT\b)|REINDEX\b|VACUUM\s+FULL\b|"
    r"CLUSTER\b|LOCK\s+TABLE\b|RENAME\s+TABLE\b)", re.I)
_SLOW_COMMAND = re.compile(r"^\s*(?:REINDEX\b|VACUUM\s+FULL\b|CLUSTER\b|LOCK\s+TABLE\b)", re.I)
"""Commands that hold their lock for as long as the table takes (or, LOCK TABLE, until the
transaction ends)."""
_NAME = r"[\w.\"`\[\]]+"
_FALLBACK: tuple[tuple[str, str, re.Pattern[str], bool], ...] = tuple(
    (category, kind, re.compile(pattern, re.I), postgres_only)
    for category, kind, pattern, postgres_only in (
        (DESTRUCTIVE, "drop-table",
         rf"\bDROP\s+(?:TABLE|SCHEMA|DATABASE)\s+(?:IF\s+EXISTS\s+)?{_NAME}", False),
        (DESTRUCTIVE, "drop-column", rf"\bDROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?{_NAME}", False),
        (DESTRUCTIVE, "truncate", rf"\bTRUNCATE\s+(?:TABLE\s+)?(?!TABLE\b){_NAME}", False),
        (DESTRUCTIVE, "alter-type", rf"\bALTER\s+COLUMN\s+{_NAME}\s+(?:SET\s+DATA\s+)?TYPE\b",
         False),
        (DESTRUCTIVE, "alter-type", rf"\b(?:MODIFY|CHANGE)\s+COLUMN\s+{_NAME}", False),
        (DESTRUCTIVE, "rename", rf"\bRENAME\s+(?:TABLE\s+|COLUMN\s+)?(?:{_NAME}\s+)?TO\s+{_NAME}",
         False),
        (BULK, "unscoped-delete", rf"\bDELETE\s+FROM\s+{_NAME}(?![\s\S]*\bWHERE\b)", False),
        (BULK, "unscoped-update",
         rf"^\s*UPDATE\s+{_NAME}(?:\s+\w+)?\s+SET\b(?![\s\S]*\bWHERE\b)", False),
        (LOCKING, "index", r"\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)", True),
        (LOCKING, "not-null", r"\bALTER\s+COLUMN\s+\S+\s+SET\s+NOT\s+NULL\b", True),
        (LOCKING, "foreign-key", r"\bFOREIGN\s+KEY\b(?![\s\S]*\bNOT\s+VALID\b)", True),
    ))


def looks_mysql(text: str) -> bool:
    return _MYSQL_HINTS.search(text) is not None


def analyze_sql(text: str, first_line: int = 1, *, mysql: bool | None = None) -> SqlReport:
    """Issues in ``text`` (a whole migration or a fragment), with line numbers from
    ``first_line``."""
    if mysql is None:
        mysql = looks_mysql(text)
    statements = split_statements(text, first_line, backslash_escapes=mysql)
    reader = _Reader(mysql)
    for statement in statements:
        reader.read(statement)
    slow = [(i.statement, i.what) for i in reader.issues
            if i.category == LOCKING or i.kind == "alter-type"]
    return SqlReport(reader.issues, reader.exclusive, slow + reader.slow,
                     _LOCK_TIMEOUT.search(text) is not None, reader.unparsed, mysql)


class _Reader:
    def __init__(self, mysql: bool) -> None:
        self.mysql = mysql
        self.issues: list[SqlIssue] = []
        self.exclusive: list[tuple[Statement, str]] = []
        self.slow: list[tuple[Statement, str]] = []
        self.unparsed: list[int] = []
        self.created: set[str] = set()
        self.added_columns: set[tuple[str, str]] = set()
        self.not_valid_checks: list[str] = []

    def read(self, statement: Statement) -> None:
        tree = self._parse(statement.code)
        if tree is None:
            self.unparsed.append(statement.line)
            self._by_patterns(statement, statement.code)
            return
        from sqlglot import exp

        if isinstance(tree, exp.Command):
            self._command(statement, tree)
        else:
            self._tree(statement, tree)

    def _parse(self, code: str) -> Any:
        import logging

        import sqlglot
        from sqlglot.errors import SqlglotError

        # sqlglot logs a warning for each statement it falls back to a Command for.
        logging.getLogger("sqlglot").setLevel(logging.ERROR)
        for dialect in ("mysql", "postgres") if self.mysql else ("postgres", "mysql"):
            try:
                return sqlglot.parse_one(code, read=dialect)
            except (SqlglotError, ValueError, RecursionError):
                continue
        return None

    def issue(self, category: str, kind: str, what: str, statement: Statement,
              keyword: str | None = None) -> None:
        line = statement.line
        if keyword is not None:
            found = re.search(keyword, statement.code, re.I)
            if found is not None:
                line = statement.line_of(found.start())
        self.issues.append(SqlIssue(category, kind, what, line, statement))

    # -- statements sqlglot understood ------------------------------------------------------
    def _tree(self, st: Statement, tree: Any) -> None:
        from sqlglot import exp

        if isinstance(tree, exp.Create):
            self._create(st, tree)
        elif isinstance(tree, exp.Drop):
            self._drop(st, tree)
        elif isinstance(tree, exp.TruncateTable):
            names = ", ".join(t.name for t in tree.expressions)
            self.issue(DESTRUCTIVE, "truncate", f"TRUNCATE {names}", st)
            self.exclusive.append((st, f"TRUNCATE {names}"))
        elif isinstance(tree, exp.Alter) and str(tree.args.get("kind", "")).upper() == "TABLE":
            self._alter(st, tree)
        elif isinstance(tree, exp.Delete | exp.Update):
            self._dml(st, tree)
        elif isinstance(tree, exp.Command):
            self._command(st, tree)

    def _create(self, st: Statement, tree: Any) -> None:
        from sqlglot import exp

        kind = str(tree.args.get("kind", "")).upper()
        if kind == "TABLE":
            table = tree.find(exp.Table)
            if table is not None:
                self.created.add(table.name.lower())
        elif kind == "INDEX" and not self.mysql and not tree.args.get("concurrently"):
            index = tree.this
            table = index.args.get("table") if isinstance(index, exp.Index) else None
            name = table.name if table is not None else "?"
            if name.lower() not in self.created:
                self.issue(LOCKING, "index", f"CREATE INDEX on {name} without CONCURRENTLY", st)

    def _drop(self, st: Statement, tree: Any) -> None:
        kind = str(tree.args.get("kind", "")).upper()
        names = [_table_name(t) for t in tree.args.get("tables") or ()]
        if kind in ("SCHEMA", "DATABASE"):
            self.issue(DESTRUCTIVE, "drop-table", f"DROP {kind} {', '.join(names)}", st)
        elif kind == "TABLE" and not tree.args.get("temporary"):
            existing = [n for n in names if n.lower() not in self.created]
            if existing:
                what = f"DROP TABLE {', '.join(existing)}"
                self.issue(DESTRUCTIVE, "drop-table", what, st)
                self.exclusive.append((st, what))
        elif kind == "INDEX" and not tree.args.get("concurrently") and not self.mysql:
            self.exclusive.append((st, "DROP INDEX without CONCURRENTLY"))

    def _alter(self, st: Statement, tree: Any) -> None:
        from sqlglot import exp

        table = tree.this.name if tree.this is not None else "?"
        if table.lower() in self.created:
            return
        self.exclusive.append((st, f"ALTER TABLE {table}"))
        for action in tree.args.get("actions") or ():
            kind = str(action.args.get("kind", "")).upper()
            if isinstance(action, exp.Drop) and kind == "COLUMN":
                for column in action.args.get("tables") or ():
                    self.issue(DESTRUCTIVE, "drop-column", f"DROP COLUMN {table}.{column.name}",
                               st, rf"\bDROP\s+COLUMN\b(?:\s+IF\s+EXISTS)?\s+\W?{column.name}")
            elif isinstance(action, exp.AlterColumn):
                self._alter_column(st, table, action)
            elif isinstance(action, exp.ModifyColumn):
                self.issue(DESTRUCTIVE, "alter-type",
                           f"column type change on {table}.{action.this.name}", st,
                           r"\b(?:MODIFY|CHANGE)\b")
            elif isinstance(action, exp.RenameColumn):
                self.issue(DESTRUCTIVE, "rename", f"RENAME COLUMN {table}.{action.this.name} TO "
                           f"{action.args['to'].name}", st, r"\bRENAME\b")
            elif isinstance(action, exp.AlterRename):
                self.issue(DESTRUCTIVE, "rename", f"RENAME TABLE {table} TO {action.this.name}",
                           st, r"\bRENAME\b")
            elif isinstance(action, exp.AddConstraint) and not self.mysql:
                self._add_constraint(st, table, action, bool(tree.args.get("not_valid")))
            elif isinstance(action, exp.ColumnDef):
                self.added_columns.add((table.lower(), action.name.lower()))
                volatile = _VOLATILE_DEFAULT.search(st.code)
                if volatile and not self.mysql:
                    self.issue(LOCKING, "volatile-default",
                               f"ADD COLUMN {table}.{action.name} DEFAULT {volatile.group(1)}()",
                               st, r"\bDEFAULT\b")

    def _alter_column(self, st: Statement, table: str, action: Any) -> None:
        column = action.this.name
        if action.args.get("dtype") is not None:
            self.issue(DESTRUCTIVE, "alter-type", f"ALTER COLUMN {table}.{column} TYPE "
                       f"{action.args['dtype'].sql()}", st, r"\bTYPE\b")
        elif action.args.get("allow_null") is False and not self.mysql:
            checked = re.search(rf"CHECK\s*\(\s*\W?{re.escape(column)}\W?\s+IS\s+NOT\s+NULL\s*\)",
                                " ".join(self.not_valid_checks), re.I)
            if checked is None:
                self.issue(LOCKING, "not-null", f"SET NOT NULL on {table}.{column}", st,
                           r"\bSET\s+NOT\s+NULL\b")

    def _add_constraint(self, st: Statement, table: str, action: Any, not_valid: bool) -> None:
        from sqlglot import exp

        if not_valid:
            self.not_valid_checks.append(st.code)  # the safe two-step NOT NULL reads these
            return
        if action.find(exp.ForeignKey) is None and re.search(
                r"\b(?:PRIMARY\s+KEY|UNIQUE)\b(?!\s+USING\s+INDEX\b)", st.code, re.I):
            self.slow.append((st, f"index built for a key on {table}"))
        elif action.find(exp.ForeignKey) is not None:
            self.issue(LOCKING, "foreign-key", f"FOREIGN KEY on {table} without NOT VALID", st,
                       r"\bFOREIGN\s+KEY\b")
        elif re.search(r"\bCHECK\s*\(", st.code, re.I):
            self.issue(LOCKING, "check", f"CHECK constraint on {table} without NOT VALID", st,
                       r"\bCHECK\b")

    def _dml(self, st: Statement, tree: Any) -> None:
        from sqlglot import exp

        table = tree.this.name if tree.this is not None else "?"
        if table.lower() in self.created:
            return
        where = tree.args.get("where")
        if where is not None and not _always_true(where.this):
            return
        if isinstance(tree, exp.Delete):
            self.issue(BULK, "unscoped-delete", f"DELETE FROM {table} without a WHERE clause",
                       st)
            return
        columns = {eq.this.name.lower() for eq in tree.expressions if isinstance(eq, exp.EQ)}
        if columns and all((table.lower(), c) in self.added_columns for c in columns):
            self.issue(LOCKING, "backfill", f"UPDATE {table} backfills every row in one "
                       "statement", st)
        else:
            self.issue(BULK, "unscoped-update", f"UPDATE {table} without a WHERE clause", st)

    # -- statements read with patterns ------------------------------------------------------
    def _command(self, st: Statement, tree: Any) -> None:
        self._by_patterns(st, st.code)

    def _by_patterns(self, st: Statement, code: str) -> None:
        if _NOT_EXECUTED.match(code):
            return
        if _EXCLUSIVE_COMMAND.match(code) and not self.mysql:
            self.exclusive.append((st, " ".join(code.split()[:3])))
            if _SLOW_COMMAND.match(code):
                self.slow.append((st, " ".join(code.split()[:3])))
        # String literals hold data, not statements; DO bodies are dollar-quoted and stay.
        blanked = _STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), code)
        for category, kind, pattern, postgres_only in _FALLBACK:
            if postgres_only and self.mysql:
                continue
            for found in pattern.finditer(blanked):
                what = " ".join(found.group(0).split())
                self.issues.append(SqlIssue(category, kind, what, st.line_of(found.start()), st))


def _table_name(table: Any) -> str:
    """``DROP SCHEMA legacy`` reads as a table whose schema part is the name."""
    db = table.args.get("db")
    return str(table.name or (db.name if db is not None else "?"))


def _always_true(condition: Any) -> bool:
    """``WHERE 1=1``, ``WHERE true``: a filter in form only."""
    from sqlglot import exp

    if isinstance(condition, exp.Boolean):
        return bool(condition.this)
    if isinstance(condition, exp.Literal):
        return condition.this not in ("0", "", "false")
    if isinstance(condition, exp.EQ):
        return bool(condition.this == condition.expression)
    if isinstance(condition, exp.Paren):
        return _always_true(condition.this)
    return False
