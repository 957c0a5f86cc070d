"""Scoring on cases built to score known values: a hit, a miss, a wrong severity, a wrong
category at the right file, a false alarm, and the corpus figures they add up to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewer.analyzers.findings import Finding
from reviewer.analyzers.ruleset import CompiledRule, RuleSet
from reviewer.diff.model import Side
from reviewer.evaluation.case_model import CaseSpec
from reviewer.evaluation.cases import Case
from reviewer.evaluation.materialize import Mode
from reviewer.evaluation.scoring import Rate, score_case, summarize
from reviewer.evaluation.tables import render, render_cases
from reviewer.severity import Severity, Verdict

PDB = "deploy/prod/pdb.yaml"
API = "deploy/prod/api.yaml"


def case(name: str, label: str, verdict: str, *findings: dict[str, Any]) -> Case:
    spec = CaseSpec.model_validate({"description": name, "label": label,
                                    "expect": {"verdict": verdict, "findings": list(findings)}})
    return Case(name, Path("cases") / name, spec,
                finding_lines=tuple(10 + i for i in range(len(findings))))


def finding(rule: str, category: str, severity: Severity, path: str, line: int = 2,
            side: Side = Side.NEW) -> Finding:
    return Finding(rule, category, severity, path, line, side, "msg", "evidence", rule)


REPLICAS_CUT = finding("k8s-replicas-cut", "capacity.reduced", Severity.WARN, API, line=6)
PDB_DELETED = finding("k8s-pdb-deleted", "capacity.reduced", Severity.WARN, PDB, line=1,
                      side=Side.OLD)
EXPECT_API = {"category": "capacity.reduced", "path": API, "severity": "warn"}


@pytest.mark.parametrize(("expected", "found", "detected", "flagged"), [
    (EXPECT_API, [REPLICAS_CUT], True, True),
    (EXPECT_API, [], False, False),
    ({**EXPECT_API, "severity": "block"}, [REPLICAS_CUT], False, False),
    (EXPECT_API, [REPLICAS_CUT._replace(category="rollout.global")], False, True),
    (EXPECT_API, [REPLICAS_CUT._replace(path="deploy/prod/other.yaml")], False, False),
    ({**EXPECT_API, "rule": "k8s-replicas-cut"}, [REPLICAS_CUT], True, True),
    ({**EXPECT_API, "rule": "k8s-hpa-floor-cut"}, [REPLICAS_CUT], False, True),
    ({**EXPECT_API, "line": 6, "side": "new"}, [REPLICAS_CUT], True, True),
    ({**EXPECT_API, "line": 7}, [REPLICAS_CUT], False, True),
    ({**EXPECT_API, "side": "old"}, [REPLICAS_CUT], False, True),
    ({**EXPECT_API, "severity": "info"}, [REPLICAS_CUT._replace(severity=Severity.INFO)],
     True, True),
    (EXPECT_API, [REPLICAS_CUT._replace(waived=True)], False, False),
])
def test_one_expected_finding(expected: dict[str, Any], found: list[Finding], detected: bool,
                              flagged: bool) -> None:
    outcome = score_case(case("c", "risky", "block", expected), found)
    assert (outcome.detected, outcome.flagged) == (detected, flagged)
    result = outcome.expected[0]
    assert (result.matched is not None, result.flagged is not None) == (detected, flagged)
    assert result.where == str(Path("cases/c/case.yaml")) + ":10"
    assert result.at_path == tuple(f for f in found if f.path == API)


def test_every_expected_finding_must_be_met() -> None:
    pdb = {"category": "capacity.reduced", "path": PDB, "severity": "warn", "side": "old"}
    two = case("two", "risky", "warn", EXPECT_API, pdb)
    assert score_case(two, [REPLICAS_CUT, PDB_DELETED]).detected
    half = score_case(two, [REPLICAS_CUT])
    assert (half.detected, half.flagged) == (False, False)
    assert [r.expected.path for r in half.expected if r.matched is None] == [PDB]


@pytest.mark.parametrize(("found", "false_alarm", "verdict"), [
    ([], False, Verdict.PASS),
    ([REPLICAS_CUT._replace(severity=Severity.INFO)], False, Verdict.PASS),
    ([REPLICAS_CUT], True, Verdict.WARN),
    ([REPLICAS_CUT._replace(severity=Severity.BLOCK, waived=True)], False, Verdict.PASS),
])
def test_benign_cases_alarm_at_warn_and_above(found: list[Finding], false_alarm: bool,
                                              verdict: Verdict) -> None:
    outcome = score_case(case("scale-up", "benign", "pass"), found)
    assert (outcome.false_alarm, outcome.verdict, outcome.verdict_met) == (
        false_alarm, verdict, not false_alarm)
    assert not outcome.detected


def test_unexpected_findings_in_a_risky_case() -> None:
    extra = finding("tls-verification-disabled", "tls.weakened", Severity.WARN, "cfg.yaml")
    outcome = score_case(case("c", "risky", "warn", EXPECT_API), [REPLICAS_CUT, extra])
    assert outcome.unexpected == (extra,)


def rule(rule_id: str, category: str) -> CompiledRule:
    return CompiledRule(rule_id, rule_id, category, Severity.WARN, "", "", (), (), {}, ())


RULES = RuleSet((rule("k8s-replicas-cut", "capacity.reduced"),
                 rule("k8s-pdb-deleted", "capacity.reduced"),
                 rule("secret-known-format", "secret.committed")))
SECRET = finding("secret-known-format", "secret.committed", Severity.BLOCK,
                 "tests/fixtures/creds.json")


def corpus_outcomes(mode: Mode) -> list[Any]:
    """Three risky cases (met, wrong severity, missed) and two benign (quiet, false alarm);
    git mode finds the PDB deletion that the bare diff misses."""
    pdb = {"category": "capacity.reduced", "path": PDB, "severity": "warn"}
    found_pdb = [PDB_DELETED] if mode is Mode.GIT else []
    return [
        score_case(case("met", "risky", "warn", EXPECT_API), [REPLICAS_CUT]),
        score_case(case("too-weak", "risky", "block", {**EXPECT_API, "severity": "block"}),
                   [REPLICAS_CUT]),
        score_case(case("pdb", "risky", "warn", pdb), found_pdb),
        score_case(case("quiet", "benign", "pass"), []),
        score_case(case("fixture-key", "benign", "pass"), [SECRET]),
    ]


def test_summary_figures() -> None:
    summary = summarize("diff", corpus_outcomes(Mode.DIFF), RULES)
    assert summary.detection == Rate(1, 3)
    assert summary.flagged == Rate(1, 3)
    assert summary.false_alarms == Rate(1, 2)
    assert summary.verdicts == Rate(2, 5)
    assert summary.confusion == {(Verdict.WARN, Verdict.WARN): 1,
                                 (Verdict.BLOCK, Verdict.WARN): 1,
                                 (Verdict.WARN, Verdict.PASS): 1,
                                 (Verdict.PASS, Verdict.PASS): 1,
                                 (Verdict.PASS, Verdict.BLOCK): 1}
    # too-weak: the replicas rule fired at the expected file, too weak: a miss it answers
    # for, and a warn finding that meets nothing (false). pdb: nothing fired, so no rule is
    # blamed; the category's recall carries it.
    scores = {t.rule_id: (t.hits, t.false_benign, t.false_risky, t.met, t.expected, t.missed,
                          t.wrong) for t in summary.rules}
    assert scores == {
        "k8s-replicas-cut": (1, 0, 1, 1, 2, ["too-weak"], ["too-weak"]),
        "k8s-pdb-deleted": (0, 0, 0, 0, 0, [], []),
        "secret-known-format": (0, 1, 0, 0, 0, [], ["fixture-key"])}
    replicas = summary.rules[[t.rule_id for t in summary.rules].index("k8s-replicas-cut")]
    assert (str(replicas.precision), str(replicas.recall)) == ("1/2 = 50%", "1/2 = 50%")
    assert (summary.expectations, summary.precision) == (Rate(1, 3), Rate(1, 3))
    capacity = next(t for t in summary.categories if t.category == "capacity.reduced")
    assert (capacity.rules, capacity.expected, capacity.matched, capacity.flagged,
            capacity.hits, capacity.false) == (2, 3, 1, 1, 1, 1)
    assert (str(capacity.precision), str(capacity.recall)) == ("1/2 = 50%", "1/3 = 33%")
    assert "llm.injection" not in {t.category for t in summary.categories}
    assert [(case_name, r.expected.path) for case_name, r in summary.misses] == [
        ("too-weak", API), ("pdb", PDB)]
    assert summary.false_alarm_findings == (("fixture-key", SECRET),)
    assert str(summary.detection) == "1/3 = 33%" and str(Rate(0, 0)) == "n/a"


def test_report_sets_the_modes_side_by_side_and_tags_one_mode_misses() -> None:
    summaries = {mode: summarize(mode.value, corpus_outcomes(mode), RULES,
                                 ["bare-only"] if mode is Mode.GIT else [])
                 for mode in (Mode.DIFF, Mode.GIT)}
    text = render(summaries)
    lines = text.splitlines()
    assert lines[0] == "Corpus: 3 risky and 2 benign cases"
    assert lines[1] == "  git: 1 case(s) cannot be read in this mode: bare-only"
    detected = next(ln for ln in lines if ln.lstrip().startswith("detected"))
    assert detected.split()[-6:] == ["1/3", "=", "33%", "2/3", "=", "67%"]
    assert "  too-weak: capacity.reduced >= block at deploy/prod/api.yaml" in lines
    assert "  [bare diff only] pdb: capacity.reduced >= warn at deploy/prod/pdb.yaml" in lines
    assert ("      found there: k8s-replicas-cut warn at deploy/prod/api.yaml:6 "
            "(capacity.reduced)") in lines
    assert ("  fixture-key: secret-known-format block at tests/fixtures/creds.json:2 "
            "(secret.committed): msg") in lines
    pdb_row = next(ln for ln in lines if ln.startswith("k8s-pdb-deleted"))
    # precision, recall, hits, met:expected, false benign, false risky; bare diff/git
    assert pdb_row.split()[2:] == ["-/100%", "-/100%", "0/1", "0:0/1:1", "0/0", "0/0"]
    assert "  k8s-replicas-cut missed: too-weak" in lines
    assert "  k8s-replicas-cut wrong: too-weak" in lines
    assert "  secret-known-format wrong: fixture-key" in lines
    recall = next(ln for ln in lines if ln.lstrip().startswith("recall"))
    assert recall.split()[-6:] == ["1/3", "=", "33%", "2/3", "=", "67%"]


def test_findings_per_case_list_verdicts_per_mode_and_tag_one_mode_findings() -> None:
    summaries = {mode: summarize(mode.value, corpus_outcomes(mode), RULES)
                 for mode in (Mode.DIFF, Mode.GIT)}
    lines = render_cases(summaries).splitlines()
    assert lines[lines.index("pdb (risky, expects warn): bare diff pass, git warn") + 1] == (
        "    [git only] k8s-pdb-deleted warn at deploy/prod/pdb.yaml:1 (capacity.reduced)")
    met = lines.index("met (risky, expects warn): bare diff warn, git warn")
    assert lines[met + 1] == "    k8s-replicas-cut warn at deploy/prod/api.yaml:6 (capacity.reduced)"
    assert "quiet (benign, expects pass): bare diff pass, git pass" in lines
