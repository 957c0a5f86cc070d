from __future__ import annotations

import pytest

from reviewer.analyzers.checks.sql_classify import analyze_sql
from reviewer.analyzers.checks.sql_split import split_statements
from tests.analyzers.checks.conftest import RunCheck


def test_split_keeps_lines_and_ignores_semicolons_in_quotes_and_comments() -> None:
    text = ("-- changeset ana:1\nALTER TABLE orders\n  DROP COLUMN note; -- gone\n"
            "/* a; b */ INSERT INTO t VALUES ('a;b''c');\n"
            "CREATE FUNCTION f() AS $body$ DELETE FROM x; $body$;\nDELETE FROM x")
    assert [(s.line, s.end_line, s.code.split()[0]) for s in split_statements(text, 10)] == [
        (11, 12, "ALTER"), (13, 13, "INSERT"), (14, 14, "CREATE"), (15, 15, "DELETE")]


@pytest.mark.parametrize(("sql", "expected"), [
    ("DROP TABLE legacy_orders;", [(1, "drop-table", "DROP TABLE legacy_orders")]),
    ("ALTER TABLE orders\n  DROP COLUMN note;", [(2, "drop-column", "DROP COLUMN orders.note")]),
    ("ALTER TABLE orders ALTER COLUMN amount TYPE bigint;",
     [(1, "alter-type", "ALTER COLUMN orders.amount TYPE BIGINT")]),
    ("ALTER TABLE orders RENAME TO orders_old;",
     [(1, "rename", "RENAME TABLE orders TO orders_old")]),
    ("TRUNCATE audit_log;", [(1, "truncate", "TRUNCATE audit_log")]),
    ("DROP SCHEMA legacy CASCADE;", [(1, "drop-table", "DROP SCHEMA legacy")]),
    ("CREATE INDEX idx ON orders (created_at);",
     [(1, "index", "CREATE INDEX on orders without CONCURRENTLY")]),
    ("CREATE INDEX CONCURRENTLY idx ON orders (created_at);", []),
    ("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES customers (id);",
     [(1, "foreign-key", "FOREIGN KEY on orders without NOT VALID")]),
    ("ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES customers (id) "
     "NOT VALID;", []),
    ("ALTER TABLE orders ALTER COLUMN currency SET NOT NULL;",
     [(1, "not-null", "SET NOT NULL on orders.currency")]),
    ("ALTER TABLE orders ADD COLUMN uid uuid DEFAULT gen_random_uuid();",
     [(1, "volatile-default", "ADD COLUMN orders.uid DEFAULT gen_random_uuid()")]),
    ("ALTER TABLE orders ADD COLUMN created timestamptz DEFAULT now();", []),
    ("DELETE FROM sessions;", [(1, "unscoped-delete", "DELETE FROM sessions without a WHERE clause")]),
    ("DELETE FROM sessions WHERE 1 = 1;",
     [(1, "unscoped-delete", "DELETE FROM sessions without a WHERE clause")]),
    ("DELETE FROM sessions WHERE expires_at < now();", []),
    ("UPDATE orders SET status = 'x';",
     [(1, "unscoped-update", "UPDATE orders without a WHERE clause")]),
    ("ALTER TABLE orders ADD COLUMN archived boolean;\nUPDATE orders SET archived = false;",
     [(2, "backfill", "UPDATE orders backfills every row in one statement")]),
    ("CREATE TABLE scratch (id int);\nCREATE INDEX i ON scratch (id);\nDROP TABLE scratch;", []),
    ("CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $$ BEGIN DELETE FROM x; END $$ "
     "LANGUAGE plpgsql;", []),
    ("DO $$ BEGIN DELETE FROM carts; END $$;", [(1, "unscoped-delete", "DELETE FROM carts")]),
    ("INSERT INTO notes VALUES ('DROP TABLE x');\n-- DROP TABLE y;", []),
    ("RENAME TABLE `orders` TO `orders_old`;",
     [(1, "rename", "RENAME TABLE `orders` TO `orders_old`")]),
    ("ALTER TABLE `orders` MODIFY COLUMN amount BIGINT NOT NULL;",
     [(1, "alter-type", "column type change on orders.amount")]),
    ("CREATE INDEX idx ON `orders` (created_at);", []),
])
def test_statements_are_classified(sql: str, expected: list[tuple[int, str, str]]) -> None:
    report = analyze_sql(sql)
    assert [(i.line, i.kind, i.what) for i in report.issues] == expected


def test_unparsable_statement_is_read_with_patterns_and_reported() -> None:
    report = analyze_sql("SELECT 1;\nDROP DATABASE analytics WITH (FORCE);\nDROP TABLE t;")
    assert [(i.line, i.kind) for i in report.issues] == [(2, "drop-table"), (3, "drop-table")]
    assert report.unparsed == [2]


@pytest.mark.parametrize(("sql", "expected"), [
    ("BEGIN;\nALTER TABLE orders ALTER COLUMN channel SET NOT NULL;\nCOMMIT;\n",
     [(2, "new", "ALTER TABLE orders (SET NOT NULL on orders.channel) without lock_timeout")]),
    ("BEGIN;\nALTER TABLE orders ADD COLUMN region text;\nUPDATE orders SET region = 'eu';\n"
     "COMMIT;\n",
     [(2, "new", "ALTER TABLE orders (UPDATE orders backfills every row in one statement) "
                 "without lock_timeout")]),
    ("ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);\n",
     [(1, "new", "ALTER TABLE orders (index built for a key on orders) without lock_timeout")]),
    ("ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE USING INDEX orders_ref_idx;\n",
     []),
    ("VACUUM FULL orders;\n", [(1, "new", "VACUUM FULL orders without lock_timeout")]),
    # a catalogue-only change takes its lock for an instant
    ("BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n", []),
    ("ALTER TABLE orders RENAME COLUMN note TO notes;\nALTER TABLE orders DROP COLUMN legacy;\n",
     []),
    ("SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN channel SET NOT NULL;\n", []),
    ("CREATE TABLE refunds (id int);\nALTER TABLE refunds ADD COLUMN note text NOT NULL;\n", []),
    ("ALTER TABLE `orders` MODIFY COLUMN note varchar(20);\n", []),
])
def test_lock_timeout_is_required_for_exclusive_locks(run_check: RunCheck, sql: str,
                                                      expected: list[tuple[int, str, str]]) -> None:
    assert run_check("migration", "db/migrations/V9__x.sql", None, sql,
                     {"lock_timeout": "slow"}) == expected


@pytest.mark.parametrize(("sql", "expected"), [
    ("BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\n",
     [(2, "new", "ALTER TABLE orders without lock_timeout")]),
    ("ALTER TABLE orders RENAME COLUMN note TO notes;\n",
     [(1, "new", "ALTER TABLE orders without lock_timeout")]),
    # the slow variants belong to the warn rule, never to both
    ("BEGIN;\nALTER TABLE orders ALTER COLUMN channel SET NOT NULL;\nCOMMIT;\n", []),
    ("SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n", []),
    ("CREATE TABLE refunds (id int);\nALTER TABLE refunds ADD COLUMN note text;\n", []),
])
def test_brief_exclusive_locks_are_reported_apart(run_check: RunCheck, sql: str,
                                                  expected: list[tuple[int, str, str]]) -> None:
    assert run_check("migration", "db/migrations/V9__x.sql", None, sql,
                     {"lock_timeout": "brief"}) == expected


def test_modified_migration_reports_only_statements_the_change_touches(
        run_check: RunCheck) -> None:
    before = ("DROP TABLE old_a;\n" + "SELECT 1;\n" * 8 +
              "DELETE FROM carts\n  WHERE abandoned;\n")
    after = ("DROP TABLE old_a;\n" + "SELECT 1;\n" * 8 + "DELETE FROM carts\n;\n")
    assert run_check("migration", "db/migrations/V3__carts.sql", before, after,
                     {"category": "data.bulk-delete"}) == [
        (10, "new", "DELETE FROM carts without a WHERE clause")]
    assert run_check("migration", "db/migrations/V3__carts.sql", before, after,
                     {"category": "migration.destructive"}) == []


def test_hunk_without_statement_start_is_still_checked(run_check: RunCheck) -> None:
    before = "".join(f"-- note {n}\n" for n in range(20)) + "ALTER TABLE orders\n  ADD COLUMN a int;\n"
    after = "".join(f"-- note {n}\n" for n in range(20)) + "ALTER TABLE orders\n  DROP COLUMN b;\n"
    found = run_check("migration", "db/migrations/V4__b.sql", before, after,
                      {"category": "migration.destructive"}, mode="diff")
    assert found == [(22, "new", "DROP COLUMN orders.b")]
