"""Django and Alembic migrations, read with Python's own parser.

Only what runs forward counts: Alembic's ``upgrade()`` (not ``downgrade()``), and in Django
everything but the reverse functions and ``reverse_sql`` of RunPython/RunSQL. Raw SQL
(``RunSQL``, ``op.execute``) goes through the SQL classifier. A file that does not parse
(a hunk of a modified migration) is checked with patterns on its added lines instead.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.migration_ops import NewSide, Operation, hits, new_side
from reviewer.analyzers.checks.sql_classify import BULK, DESTRUCTIVE, LOCKING, analyze_sql
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import LineKind

_DJANGO_DESTRUCTIVE = {"RemoveField": "drop-column", "DeleteModel": "drop-table",
                       "RenameField": "rename", "RenameModel": "rename",
                       "AlterModelTable": "rename"}
_ALEMBIC_DESTRUCTIVE = {"drop_table": "drop-table", "drop_column": "drop-column",
                        "rename_table": "rename"}
_VOLATILE = re.compile(r"gen_random_uuid|uuid_generate_v[14]|random\(|clock_timestamp|nextval",
                       re.I)
_FALLBACK = {
    "django": (
        (DESTRUCTIVE, "drop-table", re.compile(r"\b(?:migrations\.)?(?:RemoveField|DeleteModel|"
                                               r"RenameField|RenameModel)\(")),
        (LOCKING, "index", re.compile(r"\b(?:migrations\.)?AddIndex\(")),
    ),
    "alembic": (
        (DESTRUCTIVE, "drop-table", re.compile(r"\b\w*op\.(?:drop_table|drop_column|"
                                               r"rename_table)\(")),
    ),
}


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Options: ``framework`` (django or alembic), ``category`` and ``kinds``."""
    framework = str(options.get("framework", "django"))
    operations = ctx.memo(f"{framework}-operations",
                          lambda c: list(_operations(c, framework)))
    return hits(ctx, operations, options)


def _operations(ctx: FileContext, framework: str) -> Iterator[Operation]:
    side = new_side(ctx)
    for segment in side.segments:
        tree = None
        if segment.whole:
            try:
                tree = ast.parse(segment.text)
            except (SyntaxError, ValueError, RecursionError):
                ctx.degrade("Python migration did not parse; checked with patterns")
        if tree is None:
            yield from _by_patterns(segment.text, segment.first_line, side, framework)
            continue
        reader = _Django(side) if framework == "django" else _Alembic(side)
        yield from reader.read(tree)


def _by_patterns(text: str, first_line: int, side: NewSide,
                 framework: str) -> Iterator[Operation]:
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        if number not in side.added:
            continue
        for category, kind, pattern in _FALLBACK[framework]:
            found = pattern.search(line)
            if found is not None:
                yield Operation(category, kind, line.strip(), number)


def _name(node: ast.AST) -> str:
    """``migrations.RemoveField`` → ``RemoveField``; ``op.drop_table`` → ``drop_table``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _receiver(node: ast.AST) -> str:
    return _name(node.value) if isinstance(node, ast.Attribute) else ""


def _arg(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[position] if len(call.args) > position else None


def _text(node: ast.expr | None) -> str | None:
    """A string argument, also inside ``sa.text("...")``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and node.args:
        return _text(node.args[0])
    return None


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


class _Reader:
    def __init__(self, side: NewSide) -> None:
        self.side = side

    def new(self, node: ast.AST) -> bool:
        first = getattr(node, "lineno", 0)
        return self.side.touches(first, getattr(node, "end_lineno", None) or first)

    def op(self, category: str, kind: str, node: ast.AST) -> Operation:
        what = ast.unparse(node)
        return Operation(category, kind, what if len(what) <= 160 else what[:159] + "…",
                         getattr(node, "lineno", 1))

    def sql(self, node: ast.expr | None) -> Iterator[Operation]:
        """Issues in a SQL string argument (a list of them too), with its own line numbers."""
        items = node.elts if isinstance(node, ast.List | ast.Tuple) else [node]
        for item in items:
            if isinstance(item, ast.Tuple) and item.elts:
                item = item.elts[0]  # (sql, params)
            text = _text(item)
            if text is None or item is None or not self.new(item):
                continue
            for issue in analyze_sql(text, item.lineno).issues:
                yield Operation(issue.category, issue.kind, issue.what, issue.line)


class _Django(_Reader):
    def read(self, tree: ast.Module) -> Iterator[Operation]:
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        created = {(_text(_arg(c, 0, "name")) or "").lower()
                   for c in calls if _name(c.func) == "CreateModel"}
        reverse = set()
        for call in calls:
            if _name(call.func) == "RunPython":
                backwards = _arg(call, 1, "reverse_code")
                if isinstance(backwards, ast.Name):
                    reverse.add(backwards.id)
        skipped = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                   and f.name in reverse for n in ast.walk(f)}
        for call in calls:
            if id(call) not in skipped and self.new(call):
                yield from self._call(call, created)

    def _call(self, call: ast.Call, created: set[str]) -> Iterator[Operation]:
        name = _name(call.func)
        model = (_text(_arg(call, 0, "model_name")) or "").lower()
        if name in _DJANGO_DESTRUCTIVE:
            yield self.op(DESTRUCTIVE, _DJANGO_DESTRUCTIVE[name], call)
        elif name in ("AddIndex", "AddConstraint") and model not in created:
            yield self.op(LOCKING, "index" if name == "AddIndex" else "check", call)
        elif name == "AddField" and model not in created:
            field = _arg(call, 2, "field")
            if isinstance(field, ast.Call) and _name(field.func) in ("ForeignKey", "OneToOneField"):
                db_constraint = _arg(field, 99, "db_constraint")
                if not (isinstance(db_constraint, ast.Constant) and db_constraint.value is False):
                    yield self.op(LOCKING, "foreign-key", call)
        elif name == "RunSQL":
            yield from self.sql(_arg(call, 0, "sql"))
        elif name == "delete" and _unscoped_queryset(call.func):
            yield self.op(BULK, "unscoped-delete", call)
        elif name == "update" and _unscoped_queryset(call.func):
            yield self.op(BULK, "unscoped-update", call)


def _unscoped_queryset(func: ast.expr) -> bool:
    """``Model.objects.all().delete()``: the queryset before the call has no filter."""
    if not isinstance(func, ast.Attribute):
        return False
    target = func.value
    if isinstance(target, ast.Call) and _name(target.func) == "all" and not target.args:
        target = target.func.value if isinstance(target.func, ast.Attribute) else target
    return isinstance(target, ast.Attribute) and target.attr == "objects"


class _Alembic(_Reader):
    def read(self, tree: ast.Module) -> Iterator[Operation]:
        for function in tree.body:
            if isinstance(function, ast.FunctionDef) and function.name.startswith("upgrade"):
                calls = [n for n in ast.walk(function) if isinstance(n, ast.Call)]
                created = {(_text(_arg(c, 0, "table_name")) or "").lower()
                           for c in calls if _name(c.func) == "create_table"}
                for call in calls:
                    if self.new(call) and _receiver(call.func).endswith("op"):
                        yield from self._call(call, created, _batch_table(function, call))

    def _call(self, call: ast.Call, created: set[str],
              batch: str | None) -> Iterator[Operation]:
        name = _name(call.func)
        named_first = name in ("create_index", "create_foreign_key", "create_check_constraint")
        table = batch or (_text(_arg(call, 1 if named_first else 0,
                                     "source_table" if "foreign" in name else "table_name"))
                          or "").lower()
        if name in _ALEMBIC_DESTRUCTIVE:
            yield self.op(DESTRUCTIVE, _ALEMBIC_DESTRUCTIVE[name], call)
        elif name == "alter_column":
            if _arg(call, 99, "type_") is not None:
                yield self.op(DESTRUCTIVE, "alter-type", call)
            elif _arg(call, 99, "new_column_name") is not None:
                yield self.op(DESTRUCTIVE, "rename", call)
            elif isinstance(nullable := _arg(call, 99, "nullable"), ast.Constant) and \
                    nullable.value is False and table not in created:
                yield self.op(LOCKING, "not-null", call)
        elif name == "execute":
            yield from self.sql(_arg(call, 0, "sqltext"))
        elif table in created:
            return
        elif name == "create_index" and not _is_true(_arg(call, 99, "postgresql_concurrently")):
            yield self.op(LOCKING, "index", call)
        elif name in ("create_foreign_key", "create_check_constraint") and \
                not _is_true(_arg(call, 99, "postgresql_not_valid")):
            yield self.op(LOCKING, "foreign-key" if "foreign" in name else "check", call)
        elif name == "add_column" and _VOLATILE.search(ast.unparse(call)):
            yield self.op(LOCKING, "volatile-default", call)


def _batch_table(function: ast.FunctionDef, call: ast.Call) -> str | None:
    """The table of the ``with op.batch_alter_table("t") as batch_op:`` holding ``call``."""
    for node in ast.walk(function):
        if isinstance(node, ast.With) and any(call in ast.walk(s) for s in node.body):
            for item in node.items:
                ctx = item.context_expr
                if isinstance(ctx, ast.Call) and _name(ctx.func) == "batch_alter_table":
                    return (_text(_arg(ctx, 0, "table_name")) or "").lower()
    return None


_MODEL_FIELD = re.compile(r"^\s+(?P<name>\w+)\s*=\s*(?:models\.)?(?P<type>\w+Field|ForeignKey|"
                          r"OneToOneField|ManyToManyField)\(")
_TEXT_FIELDS = frozenset({"CharField", "SlugField", "EmailField", "URLField", "TextField"})
_INT_WIDTH = {"SmallIntegerField": 1, "PositiveSmallIntegerField": 1, "IntegerField": 2,
              "PositiveIntegerField": 2, "BigIntegerField": 3, "PositiveBigIntegerField": 3}


def model_field_changes(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A Django model field whose class changed in the same hunk: the AlterField migration
    that goes with it does not say what the old type was, the model diff does."""
    operations = []
    for hunk in ctx.change.hunks:
        old = {m.group("name"): m.group("type") for ln in hunk.lines
               if ln.kind is LineKind.REMOVED and (m := _MODEL_FIELD.match(ln.text))}
        for ln in hunk.lines:
            found = _MODEL_FIELD.match(ln.text) if ln.kind is LineKind.ADDED else None
            if found is None or found.group("name") not in old:
                continue
            was, now = old[found.group("name")], found.group("type")
            if was == now or (was in _TEXT_FIELDS and now == "TextField"):
                continue  # a wider text column is stored the same way
            what = f"{found.group('name')}: {was} → {now}"
            widening = _INT_WIDTH.get(was, 9) < _INT_WIDTH.get(now, 0)
            category = LOCKING if widening else DESTRUCTIVE
            operations.append(Operation(category, "alter-type", what, ln.number))
    return hits(ctx, operations, options)
