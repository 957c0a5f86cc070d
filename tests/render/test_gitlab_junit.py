"""GitLab Code Quality and JUnit XML: the fields their readers require, one entry per finding."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

from reviewer.render import RenderOptions, gitlab, junit
from reviewer.report import Coverage
from tests.render.sample import FINDINGS, sample_report


def test_gitlab_issues_have_the_required_fields_and_unique_fingerprints() -> None:
    issues = json.loads(gitlab.render(sample_report(), RenderOptions()))
    assert [i["check_name"] for i in issues] == [
        "k8s-replicas-cut", "tf-deletion-protection-off", "k8s-probe-removed",
        "k8s-pdb-deleted", "flag-rollout-to-everyone", "tf-prevent-destroy-removed"]
    assert [(i["severity"], i["location"]["path"], i["location"]["lines"]["begin"])
            for i in issues] == [
        ("blocker", "deploy/prod/checkout/deployment.yaml", 6),
        ("blocker", "infra/prod/orders/rds.tf", 3),
        ("major", "deploy/prod/checkout/deployment.yaml", 12),  # deleted line 14, placed
        ("major", "deploy/prod/checkout/pdb.yaml", 1),
        ("info", "tests/fixtures/flags.json", 3),
        ("info", "infra/prod/orders/rds.tf", 5),  # waived block, kept as info
    ]
    assert len({i["fingerprint"] for i in issues}) == len(FINDINGS)
    assert issues[-1]["description"].startswith("Waived: prevent_destroy removed")
    assert issues[2]["description"].endswith("(on a deleted line: line 14 before this change)")


def test_junit_counts_and_outcomes() -> None:
    root = ET.fromstring(junit.render(sample_report(), RenderOptions()))
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6", "failures": "4", "errors": "0", "skipped": "1"}
    outcome = {}
    for case in root.iter("testcase"):
        kind = next((child.tag for child in case if child.tag != "system-out"), "passed")
        failure = case.find("failure")
        outcome[case.get("name")] = (kind, failure.get("type") if failure is not None else None)
    assert outcome == {
        "k8s-replicas-cut at line 6": ("failure", "block"),
        "k8s-probe-removed at line 14 (deleted line)": ("failure", "warn"),
        "k8s-pdb-deleted at line 1 (deleted line)": ("failure", "warn"),
        "tf-deletion-protection-off at line 3": ("failure", "block"),
        "tf-prevent-destroy-removed at line 7 (deleted line)": ("skipped", None),
        "flag-rollout-to-everyone at line 3": ("passed", None),
    }
    assert [s.get("name") for s in root] == [
        "deploy/prod/checkout/deployment.yaml", "deploy/prod/checkout/pdb.yaml",
        "infra/prod/orders/rds.tf", "tests/fixtures/flags.json"]


def test_junit_reports_crashed_rules_as_errors_and_strips_control_characters() -> None:
    odd = FINDINGS[0]._replace(message="bell \x07 and nul \x00")
    report = replace(sample_report((odd,)), coverage=Coverage(1, 1, errors=("rule x crashed",)))
    root = ET.fromstring(junit.render(report, RenderOptions()))
    assert (root.get("errors"), root.get("failures")) == ("1", "1")
    failure = root.find(".//failure")
    assert failure is not None and "bell \ufffd and nul \ufffd" in (failure.get("message") or "")


def test_junit_without_findings_is_one_passing_case() -> None:
    root = ET.fromstring(junit.render(sample_report(()), RenderOptions()))
    assert [c.get("name") for c in root.iter("testcase")] == ["no findings (4 files analyzed)"]
    assert root.get("failures") == "0"
