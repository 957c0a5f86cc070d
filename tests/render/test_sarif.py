"""SARIF: valid against the OASIS 2.1.0 schema, results placed on the head revision,
fingerprints carried, severity mapped in one place, and GitHub's result cap honoured."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from reviewer.render import RenderOptions
from reviewer.render.sarif import MAX_RESULTS, level, render, sarif_log
from reviewer.severity import Severity
from tests.conftest import DIFFS, FIXTURES
from tests.render.sample import FINDINGS, sample_report

SCHEMA = json.loads((FIXTURES / "schemas" / "sarif-2.1.0.json").read_text())


def validate(log: dict[str, Any]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def results_by_rule(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def test_sample_report_is_valid_sarif() -> None:
    validate(json.loads(render(sample_report(), RenderOptions())))


def test_bundled_fixture_through_the_cli_is_valid_sarif(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", str(DIFFS / "prod-capacity-cut-and-guards-removed.diff"),
                 "--format", "sarif", "--no-llm")
    assert result.code == 1
    log = json.loads(result.out)
    validate(log)
    assert len(log["runs"]) == 1
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"k8s-replicas-cut",
                                                                "tf-prevent-destroy-removed"}


def test_the_schema_copy_rejects_what_it_should() -> None:
    """The copy is the real schema, not a permissive stand-in."""
    log = sarif_log(sample_report())
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(log)


@pytest.mark.parametrize(("severity", "expected"), [
    (Severity.BLOCK, "error"), (Severity.WARN, "warning"), (Severity.INFO, "note")])
def test_level_mapping(severity: Severity, expected: str) -> None:
    assert level(severity) == expected


@pytest.mark.parametrize(("rule_id", "line", "message_end"), [
    # new-side findings stay where they are
    ("k8s-replicas-cut", 6, "keeps a fraction of its capacity"),
    # deleted lines: nearest line kept on both sides of the hunk, old line in the message
    ("k8s-probe-removed", 12, "(on a deleted line: line 14 before this change)"),
    ("tf-prevent-destroy-removed", 5, "(on a deleted line: line 7 before this change)"),
    # a deleted file has no line at the head revision: file-level, old line in the message
    ("k8s-pdb-deleted", None, "(in the deleted file, at its line 1)"),
])
def test_result_locations(rule_id: str, line: int | None, message_end: str) -> None:
    result = results_by_rule(sarif_log(sample_report()))[rule_id]
    physical = result["locations"][0]["physicalLocation"]
    assert physical.get("region", {}).get("startLine") == line
    assert result["message"]["text"].endswith(message_end)
    finding = next(f for f in FINDINGS if f.rule_id == rule_id)
    assert physical["artifactLocation"]["uri"] == finding.path
    assert result["properties"]["line"] == finding.line
    assert result["properties"]["side"] == finding.side.value


def test_fingerprints_levels_and_suppressions() -> None:
    results = results_by_rule(sarif_log(sample_report()))
    for finding in FINDINGS:
        result = results[finding.rule_id]
        assert result["partialFingerprints"] == {"reviewer/v1": finding.fingerprint,
                                                 "primaryLocationLineHash": finding.fingerprint}
        assert result["level"] == level(finding.severity)
        assert ("suppressions" in result) is finding.waived
    assert results["tf-prevent-destroy-removed"]["suppressions"][0]["status"] == "accepted"


def test_rules_carry_help_text_and_category_tags() -> None:
    log = sarif_log(sample_report())
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule_id for f in FINDINGS})
    probe = next(r for r in rules if r["id"] == "k8s-probe-removed")
    assert probe["shortDescription"]["text"] == "Health probe removed"
    assert "Keep a readiness probe" in probe["help"]["text"]
    assert probe["properties"]["tags"][:2] == ["observability.removed", "observability"]
    for result in log["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_cap_keeps_the_most_severe_and_says_what_was_cut() -> None:
    log = sarif_log(sample_report(), max_results=3)
    validate(log)
    run = log["runs"][0]
    kept = [(r["ruleId"], r["level"]) for r in run["results"]]
    # both blocks, then the warn on the earliest path; the second warn, info and waived go
    assert kept == [("k8s-replicas-cut", "error"), ("tf-deletion-protection-off", "error"),
                    ("k8s-probe-removed", "warning")]
    assert run["properties"]["resultsOmitted"] == {"block": 1, "warn": 1, "info": 1}
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes == ["3 results left out to stay within the 3-result limit of a SARIF run: "
                     "1 block, 1 warn, 1 info (least severe first); the text or JSON report "
                     "has them all"]


def test_default_cap_is_githubs_limit() -> None:
    assert MAX_RESULTS == 25_000
    many = tuple(FINDINGS[0]._replace(line=n, fingerprint=f"{n:020x}")
                 for n in range(1, MAX_RESULTS + 11))
    run = sarif_log(sample_report(many))["runs"][0]
    assert len(run["results"]) == MAX_RESULTS
    assert run["properties"]["resultsOmitted"] == {"block": 10}


def test_incomplete_analysis_is_not_a_successful_execution() -> None:
    from dataclasses import replace

    from reviewer.report import Coverage

    report = replace(sample_report(), coverage=Coverage(4, 4, errors=("rule x crashed on a.yaml",)))
    invocation = sarif_log(report)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0] == {
        "level": "error", "message": {"text": "analysis incomplete: rule x crashed on a.yaml"}}
