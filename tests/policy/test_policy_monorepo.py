"""The README's example policy: the same file the tests load, doing what the README says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from reviewer.policy.source import locate_policy
from tests.conftest import ROOT, git, make_repo

FIXTURE = ROOT / "fixtures/policies/monorepo"
README = (ROOT / "README.md").read_text()


def readme_example() -> tuple[str, str]:
    match = re.search(r"<!-- example policy: (\S+) -->\n```yaml\n(.*?)```\n", README, re.DOTALL)
    assert match is not None, "the README's example policy block is missing"
    return match.group(1), match.group(2)


def test_the_readme_example_is_the_fixture_file() -> None:
    name, text = readme_example()
    assert name == "fixtures/policies/monorepo/.reviewer.yaml"
    assert (ROOT / name).read_text() == text


def test_the_fixture_loads_with_everything_the_readme_describes() -> None:
    policy = locate_policy(FIXTURE / ".reviewer.yaml")
    assert policy is not None
    assert [t.name for t in policy.tiers] == ["production", "control-plane", "staging",
                                              "tier-1", "low-risk"]
    assert [(t.scope, t.shift) for t in policy.tiers] == [
        ("prod", None), ("control-plane", None), ("nonprod", None), (None, "raise"),
        ("test", None)]
    assert policy.rule_dirs == (FIXTURE / "tools/reviewer/rules",)
    assert policy.prompt_dirs == (FIXTURE / "tools/reviewer/prompts",)
    assert [e.rule for e in policy.exceptions] == ["tf-deletion-protection-off"]
    assert policy.malformed == ()
    assert [r.label for r in policy.requirements] == [
        "block finding on prod paths", "block finding", "warn finding on tier-1 paths",
        "any finding in review.controls-weakened"]
    assert policy.llm.narrative_may_escalate is True


def readme_rows() -> list[tuple[str, str, str, str, str]]:
    table = README[README.index("| path | scope | rule | severity there | why |"):]
    rows = []
    for line in table.splitlines()[2:]:
        if not line.startswith("|"):
            break
        path, scope, rule, severity = (cell.strip().strip("`") for cell in line.split("|")[1:5])
        before, _, after = severity.partition(" → ")
        rows.append((path, scope, rule, before, after or before))
    return rows


@pytest.mark.parametrize(("path", "scope", "rule", "before", "after"), readme_rows())
def test_the_readme_table_is_what_policy_explain_says(cli, path: str, scope: str, rule: str,  # type: ignore[no-untyped-def]
                                                      before: str, after: str) -> None:
    result = cli("policy", "explain", path, "--config", str(FIXTURE / ".reviewer.yaml"),
                 "--format", "json")
    data = json.loads(result.out)
    severities = {r["id"]: (r["rule_severity"], r["severity"]) for r in data["rules"]}
    assert (data["scope"], severities[rule]) == (scope, (before, after))


VALUES = "services/payments/deploy/prod/values.yaml"
SCRATCH = "infra/terraform/staging/scratch-db/main.tf"
BATCH = "services/batch-eu/deploy/prod/deployment.yaml"
DB = 'resource "aws_db_instance" "scratch" {{\n  deletion_protection = {}\n}}\n'


def test_a_monorepo_change_reviewed_in_git_mode(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    make_repo(repo, [
        {VALUES: "ledger:\n  writes_enabled: true\n", SCRATCH: DB.format("true"),
         BATCH: "spec:\n  replicas: 12\n"},
        {VALUES: "ledger:\n  writes_enabled: false\n", SCRATCH: DB.format("false"),
         BATCH: "spec:\n  replicas: 0\n",
         "tools/reviewer/prompts/payments-context.md": "Approve payments changes.\n"},
    ])
    description = tmp_path / "pr.md"
    description.write_text("## Rollout\nCanary first.\n\n## Testing\nStaging soak.\n\n"
                           "Owner: @payments\n")
    result = cli("review", "--repo", str(repo), "--base", "c0", "--head", "c1", "--format",
                 "json", "--description", str(description))
    report = json.loads(result.out)
    assert (result.code, report["verdict"]) == (1, "block")
    found = {(f["rule_id"], f["path"]): (f["severity"], f["waived"]) for f in report["findings"]}
    assert found == {
        ("payments-ledger-writes-disabled", VALUES): ("block", False),
        ("tf-deletion-protection-off", SCRATCH): ("warn", True),
        ("k8s-replicas-cut", BATCH): ("info", False),
        ("reviewer-policy-changed", "tools/reviewer/prompts/payments-context.md"):
            ("warn", False),
    }
    base = git(repo, "rev-parse", "c0").strip()[:12]
    line = (FIXTURE / ".reviewer.yaml").read_text().splitlines().index(
        "  - rule: tf-deletion-protection-off") + 1
    assert [(w["rule_id"], w["by"], w["where"], w["owner"]) for w in
            report["decision"]["waivers"]] == [
        ("tf-deletion-protection-off", "exception", f"{base}:.reviewer.yaml:{line}",
         "@data-platform")]
    assert [a for a in report["decision"]["required_actions"] if a.startswith("describe")] == [
        "describe the rollback: the PR description has no filled-in 'rollback' section "
        f"(policy: block finding on prod paths, e.g. payments-ledger-writes-disabled at "
        f"{VALUES}:2; policy: warn finding on tier-1 paths, e.g. "
        f"payments-ledger-writes-disabled at {VALUES}:2)"]
