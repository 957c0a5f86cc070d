"""A block that moves to another file of the same change is not gone: alerts split into a
team's file, Terraform ``moved`` blocks kept in ``moved.tf``. Moving to a lower scope, or to
another module, still counts as a removal."""

from __future__ import annotations

import functools

import pytest

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.rule_loader import load_rulebook
from reviewer.analyzers.ruleset import RuleSet
from reviewer.diff.synthetic import changeset
from tests.conftest import ROOT


@functools.cache
def bundled() -> RuleSet:
    return load_rulebook([ROOT / "rules"]).compiled()


def found_by_mode(files: list[tuple[str, str | None, str | None]]
                  ) -> list[list[tuple[str, str, int]]]:
    out = []
    for git in (False, True):
        findings = analyze(changeset(files, git=git), bundled()).findings
        out.append(sorted((f.rule_id, f.path, f.line) for f in findings
                          if f.category in ("observability.removed", "iac.stateful-replace")))
    return out


def found(files: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str, int]]:
    bare, git = found_by_mode(files)
    assert bare == git, "bare-diff and git mode disagree"
    return bare


_PLATFORM = """groups:
  - name: platform
    rules:
      - alert: NodeDiskFull
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1
        for: 10m
        labels: { severity: page }
"""
_QUEUE_ALERT = """      - alert: QueueBacklogHigh
        expr: sum(queue_depth) > 10000
        for: 15m
        labels: { severity: page }
"""
_QUEUE_FILE = "groups:\n  - name: queues\n    rules:\n" + _QUEUE_ALERT


@pytest.mark.parametrize(("target", "expected"), [
    ("monitoring/prod/rules/queues.yaml", []),
    # moved to a staging file: production no longer pages on it
    ("monitoring/staging/rules/queues.yaml",
     [("alert-rule-removed", "monitoring/prod/rules/platform.yaml", 8)]),
])
def test_an_alert_moved_to_another_rule_file(target: str,
                                             expected: list[tuple[str, str, int]]) -> None:
    assert found([("monitoring/prod/rules/platform.yaml", _PLATFORM + _QUEUE_ALERT, _PLATFORM),
                  (target, None, _QUEUE_FILE)]) == expected


def test_an_alert_deleted_outright_is_reported_once() -> None:
    """Its severity label went with it: that is the removal, not also a downgrade."""
    assert found([("monitoring/prod/rules/platform.yaml", _PLATFORM + _QUEUE_ALERT,
                   _PLATFORM)]) == [
        ("alert-rule-removed", "monitoring/prod/rules/platform.yaml", 8)]


_DB = """resource "aws_db_instance" "main" {
  identifier          = "ledger"
  engine              = "postgres"
  deletion_protection = true

  lifecycle {
    prevent_destroy = true
  }
}
"""
_MOVED = "moved {\n  from = aws_db_instance.main\n  to   = aws_db_instance.ledger\n}\n"


_RENAMED = _DB.replace('"main"', '"ledger"')


def test_a_resource_renamed_with_a_moved_block_in_a_sibling_file() -> None:
    assert found([("infra/prod/ledger/db.tf", _DB, _RENAMED),
                  ("infra/prod/ledger/moved.tf", None, _MOVED)]) == []


def test_a_moved_block_in_another_module_says_nothing_about_this_one() -> None:
    bare, git = found_by_mode([("infra/prod/ledger/db.tf", _DB, _RENAMED),
                               ("infra/prod/reports/moved.tf", None, _MOVED)])
    # Only git mode sees that prevent_destroy went with the old address.
    assert bare == [("tf-stateful-resource-removed", "infra/prod/ledger/db.tf", 1)]
    assert git == [("tf-prevent-destroy-removed", "infra/prod/ledger/db.tf", 7),
                   ("tf-stateful-resource-removed", "infra/prod/ledger/db.tf", 2)]
