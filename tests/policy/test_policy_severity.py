"""Tiers and overrides move a finding's severity; each move is noted; self-config stays warn."""

from __future__ import annotations

import pytest

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.policy.compile import compile_policy
from reviewer.policy.severity import apply_policy, effective
from reviewer.policy.source import PolicySource
from reviewer.severity import Severity

POLICY = compile_policy("""\
tiers:
  tier-1:
    shift: raise
    paths: [services/payments/**]
  docs:
    shift: lower
    paths: ["**/*.md", services/payments/README.md]
overrides:
  - rule: k8s-replicas-cut
    paths: [services/batch-*/**]
    severity: info
  - category: secret.committed
    severity: block
  - paths: [sandbox/**]
    severity: info
  - rule: reviewer-policy-changed
    severity: block
""", PolicySource("config", "p.yaml"))


@pytest.mark.parametrize(("rule", "category", "path", "start", "end", "notes"), [
    ("k8s-replicas-cut", "capacity.reduced", "services/api/deploy.yaml", "warn", "warn", []),
    ("k8s-replicas-cut", "capacity.reduced", "services/payments/deploy.yaml", "warn", "block",
     ["raised from warn to block: tier tier-1 (p.yaml:2)"]),
    ("k8s-replicas-cut", "capacity.reduced", "services/payments/deploy.yaml", "block", "block",
     []),
    ("k8s-replicas-cut", "capacity.reduced", "services/batch-eu/deploy.yaml", "warn", "info",
     ["set from warn to info by policy override (p.yaml:9)"]),
    ("k8s-pdb-deleted", "capacity.reduced", "services/batch-eu/deploy.yaml", "warn", "warn", []),
    ("secret-known-format", "secret.committed", "docs/setup.md", "warn", "block",
     ["lowered from warn to info: tier docs (p.yaml:5)",
      "set from info to block by policy override (p.yaml:12)"]),
    ("config-value-emptied", "config.empty-value", "services/payments/README.md", "warn",
     "warn", ["raised from warn to block: tier tier-1 (p.yaml:2)",
              "lowered from block to warn: tier docs (p.yaml:5)"]),
    ("config-value-emptied", "config.empty-value", "sandbox/app.yaml", "block", "info",
     ["set from block to info by policy override (p.yaml:14)"]),
    ("reviewer-policy-changed", "reviewer.self-config", "sandbox/.reviewer.yaml", "warn",
     "block", ["set from warn to block by policy override (p.yaml:16)"]),
    ("reviewer-policy-loosened", "reviewer.self-config", "sandbox/.reviewer.yaml", "warn",
     "warn", ["set from warn to info by policy override (p.yaml:14)",
              "kept at warn: changes to the review's configuration"]),
])
def test_tiers_then_the_last_matching_override(rule: str, category: str, path: str, start: str,
                                               end: str, notes: list[str]) -> None:
    severity, why = effective(Severity(start), rule, category, path, POLICY.tiers,
                              POLICY.overrides)
    assert (severity.value, why) == (end, notes)


def test_findings_carry_the_policy_severity_and_every_note() -> None:
    finding = Finding("k8s-replicas-cut", "capacity.reduced", Severity.BLOCK,
                      "services/batch-eu/prod/deploy.yaml", 3, Side.NEW, "m", "e", "fp",
                      severity_note="raised from warn to block: production path")
    (moved,) = apply_policy([finding], POLICY)
    assert moved.severity is Severity.INFO
    assert moved.severity_note == ("raised from warn to block: production path; set from block "
                                   "to info by policy override (p.yaml:9)")
    untouched = finding._replace(rule_id="k8s-pdb-deleted", path="services/api/deploy.yaml")
    assert apply_policy([untouched], POLICY) == (untouched,)
