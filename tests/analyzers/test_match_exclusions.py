"""Match conditions beyond predicates: excluded keys, parent kept, scope; checks
sharing per-file work and reporting degraded precision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from reviewer.analyzers import matchers
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.engine import analyze
from reviewer.analyzers.ruleset import CompiledMatch, CompiledRule, RuleSet
from reviewer.analyzers.scope import Scope
from reviewer.diff.model import Side
from reviewer.diff.synthetic import changeset
from reviewer.severity import Severity


def rule(rule_id: str, *matches: CompiledMatch) -> CompiledRule:
    return CompiledRule(rule_id, rule_id, "safeguard.disabled", Severity.WARN, "{key}", "fix",
                        ("**",), (), {}, matches)


def findings(rules: tuple[CompiledRule, ...],
             files: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str, int]]:
    out = []
    for git in (False, True):
        found = analyze(changeset(files, git=git), RuleSet(rules)).findings
        out.append(sorted((f.path, f.key or f.evidence, f.line) for f in found))
    assert out[0] == out[1], "bare-diff and git mode disagree"
    return out[0]


@pytest.mark.parametrize(("scopes", "path", "fires"), [
    ((Scope.PROD,), "config/prod/flags.yaml", True),
    ((Scope.PROD,), "config/staging/flags.yaml", False),
    ((Scope.PROD, Scope.CONTROL_PLANE), "flags/checkout.yaml", True),
    ((), "config/staging/flags.yaml", True),
])
def test_when_scope_limits_a_match_to_files_of_those_scopes(
        scopes: tuple[Scope, ...], path: str, fires: bool) -> None:
    match = CompiledMatch("key", key=("**.enabled",), predicates={"from_false_to_true": True},
                          when_scope=tuple(s.value for s in scopes))
    got = findings((rule("on", match),),
                   [(path, "a:\n  enabled: false\n", "a:\n  enabled: true\n")])
    assert got == ([(path, "a.enabled", 2)] if fires else [])


def test_unless_key_excludes_keys_the_pattern_would_match() -> None:
    match = CompiledMatch("key", key=("**.max*",), predicates={"removed": True},
                          unless_key=("**.maxSurge", "**.maxUnavailable"))
    before = "limits:\n  max_rules: 200\n  maxSurge: 1\n  maxUnavailable: 0\nname: x\n"
    after = "limits:\n  other: 1\nname: x\n"
    assert findings((rule("limit", match),), [("svc/app.yaml", before, after)]) == [
        ("svc/app.yaml", "limits.max_rules", 2)]


@pytest.mark.parametrize(("after", "expected"), [
    ("client:\n  retry:\n    attempts: 3\n  timeout: 5s\n",
     [("app.yaml", "client.retry.backoff", 5)]),
    ("client:\n  timeout: 5s\n", []),
])
def test_parent_kept_ignores_keys_removed_with_their_whole_section(
        after: str, expected: list[tuple[str, str, int]]) -> None:
    before = ("client:\n  retry:\n    attempts: 3\n    backoff:\n      base: 100ms\n"
              "  timeout: 5s\n")
    match = CompiledMatch("key", key=("**.backoff",),
                          predicates={"removed": True, "parent_kept": True})
    assert findings((rule("backoff", match),), [("app.yaml", before, after)]) == expected


def test_checks_share_memoized_work_and_report_degraded_precision(
        monkeypatch: pytest.MonkeyPatch) -> None:
    computed: list[str] = []

    def parse(ctx: FileContext) -> list[int]:
        computed.append(ctx.path)
        return [ln.number for ln in ctx.change.added_lines()]

    def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
        ctx.degrade("statement 2 not parsed; read line by line")
        for line in ctx.memo("lines", parse):
            yield Hit(line, Side.NEW, str(options["tag"]), anchor=f"{options['tag']}{line}")

    monkeypatch.setattr(matchers, "checks", lambda: {"c": check})
    rules = (rule("one", CompiledMatch("analyzer", analyzer="c", options={"tag": "a"})),
             rule("two", CompiledMatch("analyzer", analyzer="c", options={"tag": "b"})))
    analysis = analyze(changeset([("db/x.sql", None, "DROP TABLE t;\n")]), RuleSet(rules))
    assert sorted((f.rule_id, f.line, f.evidence) for f in analysis.findings) == [
        ("one", 1, "a"), ("two", 1, "b")]
    assert computed == ["db/x.sql"]
    assert [(d.path, d.why) for d in analysis.degraded] == [
        ("db/x.sql", "statement 2 not parsed; read line by line")]


@pytest.mark.parametrize(("path", "globs", "expected"), [
    ("db/migrations/V1__a.sql", ("**/*.sql",), True),
    ("db/migrations/V1__a.py", ("**/*.sql",), False),
    ("Dockerfile", ("**/Dockerfile",), True),
    ("svc/Dockerfile", ("**/Dockerfile",), True),
    ("svc/Dockerfile.dev", ("**/Dockerfile",), False),
    ("network/r1.conf", ("**/{frr,bgpd}.conf", "**/network/**"), True),
    ("app/config.yml", ("**/*.{yaml,yml}",), True),
    ("flags/x.json", ("**/*.yaml", "**/*.json"), True),
])
def test_rules_apply_by_glob_after_literal_tail_prefilter(path: str, globs: tuple[str, ...],
                                                         expected: bool) -> None:
    r = CompiledRule("r", "r", "safeguard.disabled", Severity.WARN, "m", "fix", globs, (), {},
                     (CompiledMatch("file", file="any"),))
    assert (RuleSet((r,)).for_path(path) == (r,)) is expected


_PROTECTED = ('resource "aws_db_instance" "accounts" {\n  identifier = "accounts"\n'
              '  lifecycle {\n    prevent_destroy = true\n  }\n}\n')


@pytest.mark.parametrize(("after", "expected"), [
    ('module "accounts_db" {\n  source = "./db"\n}\n\nmoved {\n'
     '  from = aws_db_instance.accounts\n  to   = module.accounts_db.aws_db_instance.this\n}\n',
     []),
    ('moved {\n  from = aws_db_instance.accounts[0]\n  to   = aws_db_instance.main\n}\n', []),
    ('moved {\n  from = aws_db_instance.reports\n  to   = aws_db_instance.reporting\n}\n',
     [("infra/prod/rds.tf", "resource.aws_db_instance.accounts.lifecycle.prevent_destroy", 4)]),
    ("", [("infra/prod/rds.tf", "resource.aws_db_instance.accounts.lifecycle.prevent_destroy",
           4)]),
])
def test_unless_moved_skips_resources_a_moved_block_sends_elsewhere(
        after: str, expected: list[tuple[str, str, int]]) -> None:
    match = CompiledMatch("key", key=("**.lifecycle.prevent_destroy",),
                          predicates={"removed": True}, unless_moved=True)
    assert findings((rule("guard", match),), [("infra/prod/rds.tf", _PROTECTED, after)]) == \
        expected
