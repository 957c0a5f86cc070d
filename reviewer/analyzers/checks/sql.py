"""Plain SQL migrations (Flyway, Liquibase formatted SQL, golang-migrate, hand-rolled folders).

Options: ``category`` (and ``kinds``) pick the operations a rule reports; ``lock_timeout:
slow`` instead reports a migration that takes ACCESS EXCLUSIVE locks and holds locks while
it scans, rewrites or backfills, without setting ``lock_timeout``; ``lock_timeout: brief``
reports one whose exclusive locks only edit the catalogue (the lock queue still forms while
it waits). Both are only judged when the whole new file is known.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.migration_ops import Operation, hits, new_side
from reviewer.analyzers.checks.sql_classify import LOCKING, SqlReport, analyze_sql
from reviewer.analyzers.context import FileContext, Hit


def reports(ctx: FileContext) -> list[SqlReport]:
    """Each new-side segment of the file, analyzed once for every rule that asks."""
    return ctx.memo("sql-reports", _reports)


def _reports(ctx: FileContext) -> list[SqlReport]:
    out = []
    for segment in new_side(ctx).segments:
        report = analyze_sql(segment.text, segment.first_line,
                             mysql=True if "mysql" in ctx.path.lower() else None)
        for line in report.unparsed:
            ctx.degrade(f"SQL statement at line {line} did not parse; checked with patterns")
        out.append(report)
    return out


def operations(ctx: FileContext) -> Iterator[Operation]:
    side = new_side(ctx)
    for report in reports(ctx):
        for issue in report.issues:
            if side.touches(issue.statement.line, issue.statement.end_line):
                yield Operation(issue.category, issue.kind, issue.what, issue.line)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    wanted = options.get("lock_timeout")
    if wanted:
        return hits(ctx, _without_lock_timeout(ctx, slow=wanted == "slow"), {})
    return hits(ctx, operations(ctx), options)


def _without_lock_timeout(ctx: FileContext, *, slow: bool) -> Iterator[Operation]:
    """An exclusive lock without a lock_timeout queues every later query behind it while it
    waits. The hazard is large when the migration then holds the lock for long (a scan,
    rewrite or backfill shares the transaction: ``slow``) and small when it only edits the
    catalogue (a nullable ADD COLUMN, a rename) and lets go at once (``not slow``)."""
    side = new_side(ctx)
    if len(side.segments) != 1 or not side.segments[0].whole:
        return  # a setting outside the visible hunks cannot be ruled out
    report = reports(ctx)[0]
    if report.lock_timeout or report.mysql or bool(report.slow) != slow:
        return
    reasons = {statement.line: what for statement, what in report.slow}
    for statement, what in report.exclusive:
        if side.touches(statement.line, statement.end_line):
            why = reasons.get(statement.line) or next(iter(reasons.values()), what)
            what = what if why == what else f"{what} ({why})"
            yield Operation(LOCKING, "lock-timeout", f"{what} without lock_timeout",
                            statement.line)
            return
