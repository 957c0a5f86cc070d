"""A case whose base tree holds a policy is evaluated under it, in both modes: its tiers,
disabled rules and team rule folders apply, as they would in CI."""

from __future__ import annotations

import pytest

from reviewer.analyzers.rule_cache import load_ruleset
from reviewer.evaluation.cases import load_cases
from reviewer.evaluation.materialize import Mode
from reviewer.evaluation.runner import run_cases
from reviewer.resources import rules_dir
from tests.conftest import FIXTURES
from tests.evaluation.conftest import WriteCase

DEPLOYMENT = "kind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: {n}\n"
SPEC = """\
description: a replica cut under a policy that {what}
label: {label}
expect:
  verdict: {verdict}
  findings: {findings}
"""


@pytest.mark.parametrize(("policy", "label", "verdict", "findings", "got"), [
    (None, "risky", "block",
     "[{category: capacity.reduced, path: deploy/prod/api.yaml, severity: block}]", "block"),
    ("version: 1\nrules:\n  disable: [k8s-replicas-cut]\n", "benign", "pass", "[]", "pass"),
    ("version: 1\ntiers:\n  sandbox:\n    scope: test\n    paths: ['deploy/**']\n", "risky",
     "warn", "[{category: capacity.reduced, path: deploy/prod/api.yaml, severity: info}]",
     "pass"),
])
def test_the_cases_own_policy_applies(write_case: WriteCase, policy: str | None, label: str,
                                      verdict: str, findings: str, got: str) -> None:
    before = {"deploy/prod/api.yaml": DEPLOYMENT.format(n=12)}
    if policy is not None:
        before[".reviewer.yaml"] = policy
    folder = write_case("cut", SPEC.format(what="may disable the rule", label=label,
                                           verdict=verdict, findings=findings),
                        before=before, after={"deploy/prod/api.yaml": DEPLOYMENT.format(n=2),
                                              **({".reviewer.yaml": policy} if policy else {})})
    cases = load_cases(folder.parent)
    summaries = run_cases(cases, load_ruleset([rules_dir()]), [Mode.DIFF, Mode.GIT])
    for mode in (Mode.DIFF, Mode.GIT):
        (outcome,) = summaries[mode].outcomes
        assert outcome.verdict.value == got, (mode, outcome)


def test_team_rule_folders_count_as_review_configuration() -> None:
    name = "review-policy-loosened-with-prod-nodegroup-change"
    cases = [c for c in load_cases(FIXTURES / "cases") if c.name == name]
    summaries = run_cases(cases, load_ruleset([rules_dir()]), [Mode.DIFF, Mode.GIT])
    for mode in (Mode.DIFF, Mode.GIT):
        (outcome,) = summaries[mode].outcomes
        paths = {(f.path, f.category) for f in outcome.findings}
        assert ("review-rules/platform.yaml", "reviewer.self-config") in paths, mode
