"""Knex, Sequelize and TypeORM migrations through the one ``migration`` check."""

from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck

KNEX = "db/migrations/20260301101500_change.js"


def alter(table: str, *calls: str, create: bool = False) -> str:
    builder = "createTable" if create else "alterTable"
    body = "".join(f"    t.{call};\n" for call in calls)
    return (f"exports.up = async (knex) => {{\n  await knex.schema.{builder}(\"{table}\", (t) => {{\n"
            f"{body}  }});\n}};\n")


@pytest.mark.parametrize(("text", "category", "expected"), [
    (alter("events", 'index(["account_id"])'), "migration.locking",
     [(3, 't.index(["account_id"]);')]),
    (alter("events", 'unique("token")'), "migration.locking", [(3, 't.unique("token");')]),
    (alter("events", 'foreign("account_id").references("accounts.id")'), "migration.locking",
     [(3, 't.foreign("account_id").references("accounts.id");')]),
    (alter("events", 'string("source", 64).notNullable().alter()'), "migration.locking",
     [(3, 't.string("source", 64).notNullable().alter();')]),
    # relaxing NOT NULL, dropping an index, adding a nullable column: no long lock
    (alter("events", 'string("source", 64).nullable().alter()', 'dropIndex(["account_id"])',
           'text("note")'), "migration.locking", []),
    # a table the migration creates is not in use yet
    (alter("events", 'index(["account_id"])', 'integer("a").references("accounts.id")',
           create=True), "migration.locking", []),
    (alter("events", 'dropColumn("legacy")'), "migration.destructive",
     [(3, 't.dropColumn("legacy");')]),
    (alter("events", 'renameColumn("kind", "type")'), "migration.destructive",
     [(3, 't.renameColumn("kind", "type");')]),
    ("exports.up = (knex) => knex.schema.dropTableIfExists(\"audit\");\n",
     "migration.destructive", [(1, 'exports.up = (knex) => knex.schema.dropTableIfExists("audit");')]),
    ('exports.up = async (knex) => {\n  await knex.raw("CREATE INDEX events_a ON events (a)");\n'
     "};\n", "migration.locking", [(2, "CREATE INDEX on events without CONCURRENTLY")]),
    # the down function is the rollback path
    ('exports.up = async (knex) => {\n  await knex.schema.createTable("tags", (t) => {\n'
     '    t.increments("id");\n  });\n};\n\nexports.down = async (knex) => {\n'
     '  await knex.schema.dropTable("tags");\n};\n', "migration.destructive", []),
])
def test_knex_operations(run_check: RunCheck, text: str, category: str,
                         expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", KNEX, None, text, {"category": category})
    assert [(line, what) for line, _, what in found] == expected


def sequelize(*calls: str) -> str:
    body = "".join(f"    await queryInterface.{call};\n" for call in calls)
    return f"module.exports = {{\n  async up(queryInterface, Sequelize) {{\n{body}  }},\n}};\n"


@pytest.mark.parametrize(("text", "category", "expected"), [
    (sequelize('addIndex("orders", ["status"])'), "migration.locking",
     [(3, 'await queryInterface.addIndex("orders", ["status"]);')]),
    (sequelize('addIndex("orders", ["status"], { concurrently: true })'), "migration.locking", []),
    (sequelize('changeColumn("orders", "state", { type: Sequelize.STRING, allowNull: false })'),
     "migration.locking", [(3, 'await queryInterface.changeColumn("orders", "state", '
                              '{ type: Sequelize.STRING, allowNull: false });')]),
    (sequelize('addConstraint("orders", { fields: ["user_id"], type: "foreign key", '
               'references: { table: "users", field: "id" } })'), "migration.locking",
     [(3, 'await queryInterface.addConstraint("orders", { fields: ["user_id"], '
          'type: "foreign key", references: { table: "users", field: "id" } });')]),
    (sequelize('createTable("tags", { id: Sequelize.INTEGER })', 'addIndex("tags", ["id"])'),
     "migration.locking", []),
    (sequelize('removeColumn("orders", "legacy")'), "migration.destructive",
     [(3, 'await queryInterface.removeColumn("orders", "legacy");')]),
    (sequelize('sequelize.query("DELETE FROM carts")'), "data.bulk-delete",
     [(3, "DELETE FROM carts without a WHERE clause")]),
])
def test_sequelize_operations(run_check: RunCheck, text: str, category: str,
                              expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", "src/db/migrations/20260301-change.js", None, text,
                      {"category": category})
    assert [(line, what) for line, _, what in found] == expected


def test_typeorm_down_method_is_the_rollback_path(run_check: RunCheck) -> None:
    text = ('export class Tags1718 implements MigrationInterface {\n'
            '  public async up(queryRunner: QueryRunner): Promise<void> {\n'
            '    await queryRunner.query(`CREATE INDEX tags_name ON tags (name)`);\n'
            '  }\n'
            '  public async down(queryRunner: QueryRunner): Promise<void> {\n'
            '    await queryRunner.dropTable("tags");\n'
            '  }\n}\n')
    path = "src/migrations/1718-Tags.ts"
    assert run_check("migration", path, None, text, {"category": "migration.locking"}) == \
        [(3, "new", "CREATE INDEX on tags without CONCURRENTLY")]
    assert run_check("migration", path, None, text, {"category": "migration.destructive"}) == []


def test_a_hunk_of_an_existing_migration_reads_builder_calls_without_their_callback(
        run_check: RunCheck) -> None:
    before = alter("events", 'text("note")') + "\n" * 12 + "// end\n"
    after = alter("events", 'text("note")', 'index(["note"])') + "\n" * 12 + "// end\n"
    assert [w for _, _, w in run_check("migration", KNEX, before, after,
                                       {"category": "migration.locking"})] == \
        ['t.index(["note"]);']


def test_javascript_that_is_not_a_knex_migration_is_not_read(run_check: RunCheck) -> None:
    text = "module.exports = { index(req, res) { res.send(dropColumn); } };\n"
    assert run_check("migration", "src/migrations/helpers.js", None, text,
                     {"category": "migration.locking"}) == []
