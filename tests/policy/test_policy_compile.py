"""The policy file: what validates, what the records say, and errors with file and line."""

from __future__ import annotations

import datetime

import pytest

from reviewer.errors import PolicyError
from reviewer.policy.compile import compile_policy
from reviewer.policy.source import PolicySource
from reviewer.severity import FailOn, Severity

SOURCE = PolicySource("config", ".reviewer.yaml")

FULL = """\
version: 1
fail_on: warn
tiers:
  production:
    scope: prod
    paths: ["services/*/deploy/prod/**"]
  tier-1:
    shift: raise
    paths: [services/payments/**]
rules:
  disable: [k8s-recreate-strategy]
  paths: [review/rules]
prompts:
  paths: [review/prompts]
overrides:
  - rule: k8s-replicas-cut
    paths: services/batch-*/**
    severity: info
  - category: secret.committed
    severity: block
exceptions:
  - rule: tf-deletion-protection-off
    path: infra/staging/scratch/**
    reason: rebuilt nightly
    owner: "@data"
    expires: 2027-03-31
require:
  - when: {severity: block, scope: prod}
    sections: [Rollout, rollback]
  - when: {tier: tier-1, category: capacity.reduced}
    action: page the payments on-call before merging
llm:
  model: gpt-4o-mini
  base_url: http://localhost:11434/v1
  timeout: 30
  narrative_may_escalate: false
"""


def test_a_full_policy_becomes_plain_records_with_their_lines() -> None:
    policy = compile_policy(FULL, SOURCE)
    assert policy.fail_on is FailOn.WARN
    assert [(t.name, t.paths, t.scope, t.shift, t.where) for t in policy.tiers] == [
        ("production", ("services/*/deploy/prod/**",), "prod", None, ".reviewer.yaml:4"),
        ("tier-1", ("services/payments/**",), None, "raise", ".reviewer.yaml:7")]
    assert policy.disabled == ("k8s-recreate-strategy",)
    assert [(r.path, r.where) for r in policy.rule_paths] == [("review/rules", ".reviewer.yaml:12")]
    assert [(r.path, r.where) for r in policy.prompt_paths] == [("review/prompts",
                                                                 ".reviewer.yaml:14")]
    assert [(o.rule, o.category, o.paths, o.severity, o.where) for o in policy.overrides] == [
        ("k8s-replicas-cut", None, ("services/batch-*/**",), Severity.INFO, ".reviewer.yaml:16"),
        (None, "secret.committed", (), Severity.BLOCK, ".reviewer.yaml:19")]
    (exc,) = policy.exceptions
    assert (exc.rule, exc.path, exc.reason, exc.owner, exc.expires, exc.where) == (
        "tf-deletion-protection-off", "infra/staging/scratch/**", "rebuilt nightly", "@data",
        datetime.date(2027, 3, 31), ".reviewer.yaml:22")
    first, second = policy.requirements
    assert (first.label, first.sections, first.severity, first.scopes, first.where) == (
        "block finding on prod paths", ("rollout", "rollback"), Severity.BLOCK, ("prod",),
        ".reviewer.yaml:28")
    assert (second.label, second.tier_paths, second.action) == (
        "any finding in capacity.reduced on tier-1 paths", ("services/payments/**",),
        "page the payments on-call before merging")
    assert (policy.llm.model, policy.llm.base_url, policy.llm.timeout,
            policy.llm.narrative_may_escalate) == ("gpt-4o-mini", "http://localhost:11434/v1",
                                                   30.0, False)
    assert [(r.rule, r.field, r.where) for r in policy.refs] == [
        ("k8s-recreate-strategy", "rules.disable", ".reviewer.yaml:11"),
        ("k8s-replicas-cut", "overrides", ".reviewer.yaml:16")]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "version: 1\n"])
def test_an_empty_policy_is_the_defaults(text: str) -> None:
    policy = compile_policy(text, SOURCE)
    assert (policy.fail_on, policy.tiers, policy.exceptions, policy.llm.narrative_may_escalate) \
        == (None, (), (), True)


@pytest.mark.parametrize(("text", "where", "message"), [
    ("fail_on: sometimes\n", ":1", "fail_on: Input should be 'block', 'warn' or 'never'"),
    ("version: 2\n", ":1", "version: Input should be 1"),
    ("fail_on: block\nrulez: {}\n", ":2", "rulez: unknown field (allowed here: version, fail_on,"),
    ("rules:\n  disabel: [x]\n", ":2", "rules.disabel: unknown field (allowed here: disable, paths)"),
    ("rules:\n  disable: [Not_An_Id]\n", ":2", "rules.disable.0: String should match pattern"),
    ("tiers:\n  prod:\n    paths: []\n", ":3", "tiers.prod.paths: Tuple should have at least 1 item"),
    ("tiers:\n  prod:\n    paths: [a]\n    scope: live\n", ":4",
     "tiers.prod.scope: Input should be 'prod', 'control-plane', 'nonprod' or 'test'"),
    ("tiers:\n  prod:\n    paths: [a]\n    shift: up\n", ":4",
     "tiers.prod.shift: Input should be 'raise' or 'lower'"),
    ("tiers:\n  Prod:\n    paths: [a]\n", ":2", "tiers.Prod: String should match pattern"),
    ("overrides:\n  - severity: info\n", ":2", "overrides.0: an override needs rule, category or paths"),
    ("overrides:\n  - rule: x\n    severity: none\n", ":3",
     "overrides.0.severity: Input should be 'info', 'warn' or 'block'"),
    ("overrides:\n  - category: capacity.cut\n    severity: info\n", ":2",
     "overrides.0.category: Input should be"),
    ("require:\n  - when: {severity: block}\n", ":2",
     "require.0: a requirement needs sections, action or both"),
    ("require:\n  - when: {tier: tier-9}\n    sections: [rollout]\n", ":2",
     "require.when.tier: unknown tier 'tier-9' (tiers: none defined)"),
    ("require:\n  - when: {colour: red}\n    action: x\n", ":2",
     "require.0.when.colour: unknown field (allowed here: rule, category, severity, scope, tier, paths)"),
    ("llm:\n  timeout: 0\n", ":2", "llm.timeout: Input should be greater than 0"),
    ("exceptions: {rule: x}\n", ":1", "exceptions: Input should be a valid tuple"),
    ("- just\n- a list\n", "", "a policy file must be a mapping"),
    ("fail_on: [block\n", ":2", "invalid YAML"),
])
def test_malformed_policies_name_file_line_and_field(text: str, where: str, message: str) -> None:
    with pytest.raises(PolicyError) as info:
        compile_policy(text, SOURCE)
    assert info.value.where == f".reviewer.yaml{where}"
    assert info.value.message.startswith(message), info.value.message


def test_a_base_revision_policy_is_named_by_commit_and_path() -> None:
    source = PolicySource("base-revision", ".reviewer.yaml", "0123456789abcdef0123")
    with pytest.raises(PolicyError) as info:
        compile_policy("fail_on: maybe\n", source)
    assert str(info.value).startswith("0123456789ab:.reviewer.yaml:1: fail_on: Input should be")


def test_malformed_exceptions_are_set_aside_with_their_line_and_do_not_fail_the_policy() -> None:
    text = """\
exceptions:
  - rule: tf-deletion-protection-off
    path: infra/staging/**
    reason: rebuilt nightly
    owner: "@data"
    expires: 2027-03-31
  - rule: k8s-replicas-cut
    path: services/batch/**
    reason: scale to zero
    owner: "@batch"
  - rule: k8s-replicas-cut
    path: services/batch/**
    reason: "  "
    owner: "@batch"
    expires: 2027-01-01
  - rule: k8s-replicas-cut
    path: services/**
    reason: typo in the date
    owner: "@batch"
    expires: 2027-02-30
  - rule: k8s-replicas-cut
    path: services/**
    reason: extra field
    owner: "@batch"
    expires: 2027-01-01
    approved_by: me
  - just a string
"""
    policy = compile_policy(text, SOURCE)
    assert [e.where for e in policy.exceptions] == [".reviewer.yaml:2"]
    assert [(m.where, m.problem, m.rule) for m in policy.malformed] == [
        (".reviewer.yaml:7", "exceptions.1.expires: Field required", "k8s-replicas-cut"),
        (".reviewer.yaml:13", "exceptions.2.reason: String should have at least 1 character",
         "k8s-replicas-cut"),
        (".reviewer.yaml:20", "exceptions.3.expires: Input should be a valid date or datetime, "
         "day value is outside expected range", "k8s-replicas-cut"),
        (".reviewer.yaml:26", "exceptions.4.approved_by: unknown field (allowed here: rule, "
         "path, reason, owner, expires)", "k8s-replicas-cut"),
        (".reviewer.yaml:27", "exceptions.5: Input should be a valid dictionary or instance of "
         "ExceptionSpec", None),
    ]


def test_a_quoted_expiry_date_is_a_date() -> None:
    text = ("exceptions:\n  - {rule: k8s-replicas-cut, path: a/**, reason: r, owner: o, "
            "expires: '2027-01-31'}\n")
    assert compile_policy(text, SOURCE).exceptions[0].expires == datetime.date(2027, 1, 31)
