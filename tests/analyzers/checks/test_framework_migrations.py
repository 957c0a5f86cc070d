"""Rails, Django, Alembic and Liquibase migrations through the one ``migration`` check."""

from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck

RAILS = "db/migrate/20261105093000_change.rb"
DJANGO = "shop/orders/migrations/0042_change.py"
ALEMBIC = "services/catalog/alembic/versions/7f3a_change.py"


def rails(body: str) -> str:
    return "class Change < ActiveRecord::Migration[7.1]\n" + body + "end\n"


@pytest.mark.parametrize(("body", "category", "expected"), [
    ("  def change\n    remove_column :products, :sku, :string\n  end\n", "migration.destructive",
     [(3, "remove_column :products, :sku, :string")]),
    ("  def change\n    rename_table :carts, :baskets\n  end\n", "migration.destructive",
     [(3, "rename_table :carts, :baskets")]),
    ("  def change\n    change_column_default :orders, :state, 'new'\n  end\n",
     "migration.destructive", []),
    ("  def up\n    add_column :orders, :note, :text\n  end\n\n  def down\n"
     "    remove_column :orders, :note\n  end\n", "migration.destructive", []),
    ("  def change\n    reversible do |dir|\n      dir.down do\n        drop_table :tags\n"
     "      end\n    end\n  end\n", "migration.destructive", []),
    ("  def change\n    add_index :orders, :customer_id\n  end\n", "migration.locking",
     [(3, "add_index :orders, :customer_id")]),
    ("  disable_ddl_transaction!\n  def change\n    add_index :orders, :customer_id,\n"
     "      algorithm: :concurrently\n  end\n", "migration.locking", []),
    ("  def change\n    add_reference :orders, :coupon, index: {algorithm: :concurrently}\n"
     "  end\n", "migration.locking", []),
    ("  def change\n    change_column_null :orders, :currency, false\n  end\n",
     "migration.locking", [(3, "change_column_null :orders, :currency, false")]),
    ("  def change\n    add_foreign_key :orders, :customers, validate: false\n  end\n",
     "migration.locking", []),
    ("  def up\n    execute <<~SQL\n      DELETE FROM carts;\n    SQL\n  end\n",
     "data.bulk-delete", [(4, "DELETE FROM carts without a WHERE clause")]),
    ("  def up\n    Cart.where(abandoned: true).delete_all\n  end\n", "data.bulk-delete", []),
])
def test_rails(run_check: RunCheck, body: str, category: str,
               expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", RAILS, None, rails(body), {"category": category})
    assert [(line, what) for line, _, what in found] == expected


def django(operations: str, prelude: str = "") -> str:
    return ("from django.db import migrations, models\n" + prelude +
            "\n\nclass Migration(migrations.Migration):\n    operations = [\n" + operations +
            "    ]\n")


@pytest.mark.parametrize(("text", "category", "expected"), [
    (django("        migrations.DeleteModel(name='Coupon'),\n"), "migration.destructive",
     [(6, "migrations.DeleteModel(name='Coupon')")]),
    (django("        migrations.RenameField('order', 'total', 'total_cents'),\n"),
     "migration.destructive", [(6, "migrations.RenameField('order', 'total', 'total_cents')")]),
    (django("        migrations.RunSQL(\n            sql='TRUNCATE orders_audit;',\n"
            "            reverse_sql='DROP TABLE x;'),\n"), "migration.destructive",
     [(7, "TRUNCATE orders_audit")]),
    (django("        migrations.CreateModel(name='Refund', fields=[]),\n"
            "        migrations.AddIndex(model_name='refund', index=models.Index(fields=['a'],"
            " name='i')),\n"), "migration.locking", []),
    (django("        migrations.AddField('order', 'coupon', models.ForeignKey('Coupon', "
            "on_delete=models.PROTECT)),\n"), "migration.locking",
     [(6, "migrations.AddField('order', 'coupon', models.ForeignKey('Coupon', "
          "on_delete=models.PROTECT))")]),
    (django("        migrations.RunPython(forwards, backwards),\n",
            "\n\ndef forwards(apps, editor):\n    apps.get_model('o', 'Cart').objects.filter("
            "old=True).delete()\n\n\ndef backwards(apps, editor):\n"
            "    apps.get_model('o', 'Cart').objects.all().delete()\n"),
     "data.bulk-delete", []),
])
def test_django(run_check: RunCheck, text: str, category: str,
                expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", DJANGO, None, text, {"category": category})
    assert [(line, what) for line, _, what in found] == expected


def alembic(upgrade: str, downgrade: str = "    pass\n") -> str:
    return ("from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n" + upgrade +
            "\n\ndef downgrade():\n" + downgrade)


@pytest.mark.parametrize(("text", "category", "expected"), [
    (alembic("    op.drop_column('orders', 'note')\n"), "migration.destructive",
     [(6, "op.drop_column('orders', 'note')")]),
    (alembic("    op.alter_column('orders', 'total', new_column_name='total_cents')\n"),
     "migration.destructive",
     [(6, "op.alter_column('orders', 'total', new_column_name='total_cents')")]),
    (alembic("    pass\n", "    op.drop_table('orders')\n"), "migration.destructive", []),
    (alembic("    op.alter_column('orders', 'currency', nullable=False)\n"), "migration.locking",
     [(6, "op.alter_column('orders', 'currency', nullable=False)")]),
    (alembic("    op.create_foreign_key('fk', 'orders', 'customers', ['cid'], ['id'],\n"
             "                          postgresql_not_valid=True)\n"), "migration.locking", []),
    (alembic("    op.create_table('refunds', sa.Column('id', sa.Integer))\n"
             "    op.create_index('ix', 'refunds', ['id'])\n"), "migration.locking", []),
    (alembic("    op.execute(sa.text('UPDATE orders SET state = NULL'))\n"), "data.bulk-delete",
     [(6, "UPDATE orders without a WHERE clause")]),
])
def test_alembic(run_check: RunCheck, text: str, category: str,
                 expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", ALEMBIC, None, text, {"category": category})
    assert [(line, what) for line, _, what in found] == expected


XML = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="ana">
    <delete tableName="sessions"/>
    <delete tableName="carts">
      <where>abandoned = true</where>
    </delete>
    <sql>
      UPDATE orders SET state = 'x';
    </sql>
    <renameTable oldTableName="carts" newTableName="baskets"/>
  </changeSet>
</databaseChangeLog>
"""


@pytest.mark.parametrize(("category", "expected"), [
    ("data.bulk-delete", [(4, "delete sessions without a where clause"),
                          (9, "UPDATE orders without a WHERE clause")]),
    ("migration.destructive", [(11, "renameTable")]),
])
def test_liquibase_xml(run_check: RunCheck, category: str,
                       expected: list[tuple[int, str]]) -> None:
    found = run_check("migration", "db/changelog/changes/001.xml", None, XML,
                      {"category": category})
    assert [(line, what) for line, _, what in found] == expected


def test_liquibase_hunk_that_does_not_parse_falls_back_to_patterns(run_check: RunCheck) -> None:
    before = XML.replace('    <renameTable oldTableName="carts" newTableName="baskets"/>\n', "")
    after = XML.replace("renameTable", "dropTable").replace(' oldTableName="carts"', ' tableName="t"')
    found = run_check("migration", "db/changelog/changes/001.xml", before, after,
                      {"category": "migration.destructive"}, mode="diff")
    assert found == [(11, "new", '<dropTable tableName="t" newTableName="baskets"/>')]


@pytest.mark.parametrize(("before", "after", "category", "expected"), [
    ("    total = models.IntegerField()\n", "    total = models.CharField(max_length=20)\n",
     "migration.destructive", [(2, "total: IntegerField → CharField")]),
    ("    total = models.IntegerField()\n", "    total = models.BigIntegerField()\n",
     "migration.locking", [(2, "total: IntegerField → BigIntegerField")]),
    ("    total = models.IntegerField()\n", "    total = models.BigIntegerField()\n",
     "migration.destructive", []),
    ("    memo = models.CharField(max_length=20)\n", "    memo = models.TextField()\n",
     "migration.destructive", []),
    ("    memo = models.CharField(max_length=20)\n", "    note = models.TextField()\n",
     "migration.destructive", []),
])
def test_django_model_field_type_changes(run_check: RunCheck, before: str, after: str,
                                         category: str, expected: list[tuple[int, str]]) -> None:
    head = "class Invoice(models.Model):\n"
    found = run_check("migration", "shop/billing/models.py", head + before, head + after,
                      {"category": category})
    assert [(line, what) for line, _, what in found] == expected
