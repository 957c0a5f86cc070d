"""PR description sections and the required actions the policy turns missing ones into."""

from __future__ import annotations

import pytest

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.policy.compile import compile_policy
from reviewer.policy.description import has_section
from reviewer.policy.requirements import required_actions
from reviewer.policy.source import PolicySource
from reviewer.severity import Severity

DESCRIPTION = """\
Cut the batch fleet for the holidays.

## Rollout plan
First: canary in eu-west-1 for an hour.
Then: every region.

**Rollback:** revert this PR; the autoscaler restores the old minimum.

### Testing
<!-- how did you test this? -->
- [ ] TBD

Owner: @sre-batch
Risk: N/A
"""


@pytest.mark.parametrize(("name", "present"), [
    ("rollout", True), ("rollback", True), ("testing", False), ("owner", True),
    ("risk", False), ("monitoring", False), ("Rollout", True),
])
def test_sections_are_found_by_heading_bold_or_label_and_placeholders_do_not_count(
        name: str, present: bool) -> None:
    assert has_section(DESCRIPTION, name) is present


@pytest.mark.parametrize(("text", "name", "present"), [
    ("# How was this tested?\nUnit tests and a staging soak.\n", "testing", True),
    ("## Back-out plan\nRevert.\n", "rollback", True),
    ("## Plan B\nRevert.\n", "rollback", False),
    ("## Backout plan\nRevert.\n", "rollback", True),
    ("Point of contact: @data\n", "owner", True),
    ("## Rollback\n\n## Testing\nran it\n", "rollback", False),
    ("rollback: none\n", "rollback", False),
    ("## Monitoring\nDashboards: checkout-latency\n", "monitoring", True),
    ("We will roll back if it fails.\n", "rollback", False),
])
def test_section_edge_cases(text: str, name: str, present: bool) -> None:
    assert has_section(text, name) is present


POLICY = compile_policy("""\
tiers:
  tier-1:
    paths: [services/payments/**]
require:
  - when: {severity: block, scope: prod}
    sections: [rollout, rollback]
  - when: {severity: block}
    sections: [testing, owner]
  - when: {tier: tier-1, severity: warn}
    sections: [rollback]
  - when: {category: review.controls-weakened}
    action: get approval from a code owner of .github/
""", PolicySource("config", "p.yaml"))


def finding(severity: Severity, path: str = "services/api/prod/deploy.yaml",
            scope: str = "prod", category: str = "capacity.reduced", waived: bool = False,
            rule: str = "k8s-replicas-cut") -> Finding:
    return Finding(rule, category, severity, path, 4, Side.NEW, "m", "e", "fp", waived=waived,
                   scope=scope)


def test_a_prod_block_without_a_description_needs_every_section() -> None:
    actions = required_actions([finding(Severity.BLOCK)], POLICY.requirements, None)
    why = "policy: block finding on prod paths, e.g. k8s-replicas-cut at services/api/prod/deploy.yaml:4"
    also = "policy: block finding, e.g. k8s-replicas-cut at services/api/prod/deploy.yaml:4"
    given = "no PR description was given (--description FILE); it needs a"
    assert actions == [
        f"describe the rollout: {given} 'rollout' section ({why})",
        f"describe the rollback: {given} 'rollback' section ({why})",
        f"describe the testing: {given} 'testing' section ({also})",
        f"describe the owner: {given} 'owner' section ({also})",
    ]


def test_a_description_with_the_sections_leaves_only_the_missing_ones() -> None:
    actions = required_actions([finding(Severity.BLOCK)], POLICY.requirements, DESCRIPTION)
    assert actions == [
        "describe the testing: the PR description has no filled-in 'testing' section (policy: "
        "block finding, e.g. k8s-replicas-cut at services/api/prod/deploy.yaml:4)"]


@pytest.mark.parametrize(("findings", "expected"), [
    ([], []),
    ([finding(Severity.WARN)], []),
    ([finding(Severity.BLOCK, waived=True)], []),
    ([finding(Severity.WARN, path="services/payments/deploy.yaml", scope="default")],
     ["describe the rollback: the PR description has no filled-in 'rollback' section "
      "(policy: warn finding on tier-1 paths, e.g. k8s-replicas-cut at "
      "services/payments/deploy.yaml:4)"]),
    ([finding(Severity.INFO, category="review.controls-weakened", rule="codeowners-removed",
              path=".github/CODEOWNERS", scope="default")],
     ["get approval from a code owner of .github/ (policy: any finding in "
      "review.controls-weakened, e.g. codeowners-removed at .github/CODEOWNERS:4)"]),
])
def test_requirements_trigger_only_on_matching_unwaived_findings(
        findings: list[Finding], expected: list[str]) -> None:
    assert required_actions(findings, POLICY.requirements, "") == expected
