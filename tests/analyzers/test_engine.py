from __future__ import annotations

from collections.abc import Mapping
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


def rule(rule_id: str, match: CompiledMatch, *, category: str = "safeguard.disabled",
         severity: Severity = Severity.WARN, files: tuple[str, ...] = ("**",),
         scope: Mapping[Scope, Severity] | None = None) -> CompiledRule:
    return CompiledRule(rule_id, rule_id.title(), category, severity, "{match}{key}", "fix it",
                        files, (), scope or {}, (match,))


LINES = CompiledMatch("lines", added_lines=(r"--force\b",), removed_lines=(r"--dry-run",),
                      unless_line=(r"# reviewed",))


def test_line_rules_fire_on_added_and_removed_lines_with_locations() -> None:
    before = "run:\n  cmd: purge --dry-run\n  other: x\n"
    after = "run:\n  cmd: purge --force\n  other: x\n  again: purge --force # reviewed\n"
    analysis = analyze(changeset([("jobs/purge.yaml", before, after)]),
                       RuleSet((rule("purge", LINES),)))
    assert [(f.line, f.side, f.evidence) for f in analysis.findings] == [
        (2, Side.OLD, "cmd: purge --dry-run"), (2, Side.NEW, "cmd: purge --force")]


def test_moved_lines_are_not_new_risks() -> None:
    before = "a: 1\nb: purge --force\nc: 3\n"
    after = "b: purge --force\na: 1\nc: 3\n"
    analysis = analyze(changeset([("x.yaml", before, after)]), RuleSet((rule("purge", LINES),)))
    assert analysis.findings == ()


def test_a_json_element_moved_to_the_end_is_still_a_move() -> None:
    before = '[\n  "purge --force",\n  "b"\n]\n'
    after = '[\n  "b",\n  "purge --force"\n]\n'
    analysis = analyze(changeset([("x.json", before, after)]), RuleSet((rule("purge", LINES),)))
    assert analysis.findings == ()


def test_scope_moves_severity_and_says_so() -> None:
    match = CompiledMatch("key", key=("**.validate",), predicates={"from_true_to_false": True})
    rules = RuleSet((rule("guard", match, scope={Scope.PROD: Severity.BLOCK}),))
    files = [(p, "validate: true\n", "validate: false\n")
             for p in ("prod/a.yaml", "staging/a.yaml", "tests/a.yaml", "svc/a.yaml")]
    got = {(f.path, f.severity, f.severity_note) for f in analyze(changeset(files), rules).findings}
    assert got == {
        ("prod/a.yaml", Severity.BLOCK, "raised from warn to block: production path"),
        ("staging/a.yaml", Severity.INFO, "lowered from warn to info: non-production path"),
        ("tests/a.yaml", Severity.INFO, "lowered from warn to info: test, example or docs path"),
        ("svc/a.yaml", Severity.WARN, None),
    }


def test_combination_needs_every_group_and_can_require_a_scope() -> None:
    guard = rule("guard", CompiledMatch("key", key=("**.validate",),
                                        predicates={"becomes": False}))
    wide = rule("wide", CompiledMatch("key", key=("**.regions",), predicates={"contains": "*"}),
                category="rollout.global")
    combo = rule("combo", CompiledMatch("combination", all_of=(
        "rollout.global", ("safeguard.disabled", "config.empty-value"), {"scope": "prod"})),
        category="rollout.global", severity=Severity.BLOCK)
    rules = RuleSet((guard, wide, combo))
    both = [("prod/guard.yaml", "validate: true\n", "validate: false\n"),
            ("prod/rollout.yaml", "regions: [eu]\n", "regions: ['*']\n")]
    findings = analyze(changeset(both), rules).findings
    combos = [f for f in findings if f.rule_id == "combo"]
    assert [(f.path, f.severity) for f in combos] == [("prod/rollout.yaml", Severity.BLOCK)]
    assert "safeguard.disabled (guard) at prod/guard.yaml:1" in combos[0].evidence
    staging = [(p.replace("prod/", "staging/"), b, a) for p, b, a in both]
    assert not [f for f in analyze(changeset(staging), rules).findings if f.rule_id == "combo"]
    assert not [f for f in analyze(changeset(both[:1]), rules).findings if f.rule_id == "combo"]


@pytest.mark.parametrize(("before", "expected"), [
    (None, []),  # a new file has no earlier setting to loosen
    ("bypass: [ops]\n", [(1, Side.NEW)]),
])
def test_new_files_false_skips_files_the_change_creates(
        before: str | None, expected: list[tuple[int, Side]]) -> None:
    match = CompiledMatch("key", key=("bypass",), predicates={"gains_item": None},
                          new_files=False)
    after = "bypass: [ops, admins]\n"
    findings = analyze(changeset([("ruleset.yaml", before, after)]),
                       RuleSet((rule("bypass", match),))).findings
    assert [(f.line, f.side) for f in findings] == expected


def test_a_crashing_check_is_reported_and_other_findings_survive(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: FileContext, options: Mapping[str, Any]) -> list[Hit]:
        raise ValueError("bad state")

    monkeypatch.setattr(matchers, "checks", lambda: {"boom": boom})
    rules = RuleSet((rule("crashy", CompiledMatch("analyzer", analyzer="boom")),
                     rule("purge", LINES)))
    analysis = analyze(changeset([("a.sh", "x\n", "purge --force\n")]), rules)
    assert analysis.errors == ("rule crashy failed on a.sh: ValueError: bad state",)
    assert [f.rule_id for f in analysis.findings] == ["purge"]


def test_binary_files_are_skipped_with_a_reason() -> None:
    from reviewer.diff.model import Source, SourceMode
    from reviewer.diff.parse import parse_diff

    diff = (b"diff --git a/logo.png b/logo.png\nindex 1..2 100644\n"
            b"Binary files a/logo.png and b/logo.png differ\n")
    analysis = analyze(parse_diff(diff, Source(SourceMode.DIFF, "t")), RuleSet((rule("p", LINES),)))
    assert [(s.path, s.why) for s in analysis.skipped] == [
        ("logo.png", "binary file: contents not reviewed")]
    assert (analysis.files, analysis.analyzed) == (1, 0)


def test_fingerprints_are_stable_across_line_shifts() -> None:
    rules = RuleSet((rule("purge", LINES),))
    first = analyze(changeset([("a.sh", "x\n", "x\npurge --force\n")]), rules).findings
    shifted = analyze(changeset([("a.sh", "y\ny\nx\n", "y\ny\nx\npurge --force\n")]),
                      rules).findings
    assert first[0].line != shifted[0].line
    assert first[0].fingerprint == shifted[0].fingerprint


def test_a_credential_quoted_by_any_rule_is_masked_in_the_finding() -> None:
    line = 'r = get(URL, purge --force, auth=("svc", "AKIAZ3MPLE7Q4RN2WX5T"))'
    analysis = analyze(changeset([("jobs/client.py", "x = 1\n", f"x = 1\n{line}\n")]),
                       RuleSet((rule("purge", LINES),)))
    (finding,) = analysis.findings
    assert "AKIAZ3MPLE7Q4RN2WX5T" not in finding.evidence + finding.message
    assert "AKIA…[redacted]" in finding.evidence
