"""Migrations in every format behind one check: the format is picked from the file (plain
SQL, Rails, Django, Alembic, Liquibase, and Knex, Sequelize or TypeORM in JavaScript), so one
rule can span formats (an unscoped DELETE is the same risk in all of them) and rules per
format differ only in their files and advice."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reviewer.analyzers.checks import js_migrations, liquibase, python_migrations, rails, sql
from reviewer.analyzers.context import FileContext, Hit


def framework_of(ctx: FileContext) -> str | None:
    path = ctx.path.lower()
    if path.endswith(".sql"):
        return "sql"
    if path.endswith(".rb"):
        return "rails"
    if path.endswith("/models.py") or ("/models/" in path and path.endswith(".py")):
        return "django-models"
    if path.endswith(".py"):
        text = ctx.visible_text
        if "def upgrade" in text or "from alembic" in text:
            return "alembic"
        if "migrations." in text or "Migration" in text:
            return "django"
        return None
    if path.endswith((".js", ".ts", ".cjs", ".mjs")):
        return "javascript" if js_migrations.is_migration(ctx) else None
    if path.endswith((".xml", ".yaml", ".yml", ".json")) and \
            "databaseChangeLog" in ctx.visible_text:
        return "liquibase"
    return None


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options as the format's own check takes them (``category``, ``kinds``)."""
    framework = framework_of(ctx)
    if framework == "sql":
        return sql.check(ctx, options)
    if framework == "rails":
        return rails.check(ctx, options)
    if framework == "django-models":
        return python_migrations.model_field_changes(ctx, options)
    if framework in ("django", "alembic"):
        return python_migrations.check(ctx, {**options, "framework": framework})
    if framework == "liquibase":
        return liquibase.check(ctx, options)
    if framework == "javascript":
        return js_migrations.check(ctx, options)
    return ()
