"""Conditions a match adds on top of its kind: the enclosing block, the file's scope."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.ruleset import CompiledMatch, CompiledRule, RuleSet
from reviewer.diff.model import ChangeSet, Side
from reviewer.diff.synthetic import changeset
from reviewer.severity import Severity

BEFORE = '''\
resource "aws_security_group" "db" {
  name = "orders-db"

  ingress {
    description = "postgres from the app subnets"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "https from anywhere"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.20.0.0/16"]
  }
}
'''


def opened(line: int) -> str:
    """BEFORE with the cidr on ``line`` opened to the world."""
    lines = BEFORE.split("\n")
    lines[line - 1] = lines[line - 1].replace("10.20.0.0/16", "0.0.0.0/0")
    return "\n".join(lines)


WORLD = CompiledMatch("key", key=("**.cidr_blocks",),
                      predicates={"gains_item_matching": r"^0\.0\.0\.0/0$"},
                      when_block_contains=(r"port\s*=\s*5432",),
                      unless_block_contains=(r"^\s*egress\b",))


def run(changes: ChangeSet, match: CompiledMatch, mode: str) -> list[tuple[int, Side]]:
    if mode == "diff":
        changes = replace(changes, files=tuple(replace(f, before=None, after=None)
                                               for f in changes.files))
    rule = CompiledRule("world", "World", "access.widened", Severity.WARN, "{key}", "fix",
                        ("**/*.tf", "**/*.tfvars"), (), {}, (match,))
    return [(f.line, f.side) for f in analyze(changes, RuleSet((rule,))).findings]


@pytest.mark.parametrize("mode", ["diff", "git"])
@pytest.mark.parametrize(("line", "expected"), [
    (9, [(9, Side.NEW)]),  # the database port's own block
    (17, []),  # port 443 in another block of the same resource
    (24, []),  # egress
])
def test_block_conditions_read_the_hits_own_block(mode: str, line: int,
                                                   expected: list[tuple[int, Side]]) -> None:
    changes = changeset([("infra/prod/db.tf", BEFORE, opened(line))], git=mode == "git")
    assert run(changes, WORLD, mode) == expected


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_removed_lines_are_judged_on_the_old_side(mode: str) -> None:
    lines = BEFORE.split("\n")
    del lines[4:9]  # the database ingress loses its description, ports, protocol and cidr
    match = CompiledMatch("lines", removed_lines=(r"cidr_blocks",),
                          when_block_contains=(r"from_port\s*=\s*5432",))
    changes = changeset([("infra/prod/db.tf", BEFORE, "\n".join(lines))], git=mode == "git")
    assert run(changes, match, mode) == [(9, Side.OLD)]


@pytest.mark.parametrize(("path", "fires"), [
    ("envs/staging/api.tfvars", True),
    ("envs/dev/api.tfvars", True),
    ("envs/prod/api.tfvars", False),
    ("modules/api/variables.tf", False),
])
def test_when_scope_limits_a_match_to_path_scopes(path: str, fires: bool) -> None:
    match = CompiledMatch("key", key=("**.db_host",), predicates={"changed": True},
                          when_scope=("nonprod",))
    changes = changeset([(path, 'db_host = "db.a"\n', 'db_host = "db.b"\n')])
    assert bool(run(changes, match, "diff")) is fires


@pytest.mark.parametrize(("conditions", "fires"), [
    ({"when_file_contains": (r"purge",)}, True),
    ({"when_file_contains": (r"report",)}, False),
    ({"unless_file_contains": (r"purge",)}, False),
    ({"when_scope": ("prod",)}, False),
    ({"new_files": False}, True),
])
def test_file_conditions_still_hold_for_key_matches(conditions: dict[str, object],
                                                    fires: bool) -> None:
    """Key matches read the file's text only once they have a hit; the answer is the same."""
    match = replace(CompiledMatch("key", key=("**.dry_run",), predicates={"becomes": False}),
                    **conditions)  # type: ignore[arg-type]
    before = '# purge old rows\njob     = "purge"\ndry_run = true\n'
    changes = changeset([("jobs/purge/config.tfvars", before, before.replace("true", "false"))])
    assert bool(run(changes, match, "diff")) is fires
