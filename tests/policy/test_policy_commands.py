"""``reviewer policy check`` and ``reviewer policy explain``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, make_repo

MONOREPO = ROOT / "fixtures/policies/monorepo/.reviewer.yaml"


def test_check_summarizes_a_valid_policy(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("policy", "check", str(MONOREPO))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{MONOREPO}: valid"
    assert "  tier tier-1: 2 glob(s), shift raise" in lines
    assert "  tier low-risk: 3 glob(s), scope test" in lines
    assert any(line.startswith("  rules: ") and line.endswith(
        " active, 1 disabled, extra folders: tools/reviewer/rules") for line in lines)
    assert "  prompts: extra folders: tools/reviewer/prompts" in lines
    assert "  overrides: 2; requirements: 4" in lines
    assert "  exceptions: 1 active, 0 expired, 0 malformed" in lines


def test_check_exits_1_for_expired_and_2_for_malformed_exceptions(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "p.yaml"
    policy.write_text("exceptions:\n  - {rule: k8s-replicas-cut, path: a/**, reason: r, "
                      "owner: '@o', expires: 2020-01-01}\n")
    result = cli("policy", "check", str(policy))
    assert result.code == 1
    assert (f"    expired {policy}:2: k8s-replicas-cut on a/** (owner @o) expired on 2020-01-01"
            in result.out.splitlines())
    policy.write_text(policy.read_text() + "  - {rule: no-such-rule, path: a/**, reason: r, "
                      "owner: o, expires: 2099-01-01}\n")
    result = cli("policy", "check", str(policy))
    assert result.code == 2
    assert result.err == (f"reviewer: error: {policy}:3: malformed exception: rule: unknown "
                          "rule id 'no-such-rule'\n")


@pytest.mark.parametrize(("text", "message"), [
    ("fail_on: sometimes\n", ":1: fail_on: Input should be"),
    ("rules:\n  disable: [nope]\n", ":2: rules.disable: unknown rule id 'nope'"),
])
def test_check_rejects_a_malformed_policy_with_its_line(cli, tmp_path: Path, text: str,  # type: ignore[no-untyped-def]
                                                        message: str) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(text)
    result = cli("policy", "check", str(policy))
    assert result.code == 2 and result.err.startswith(f"reviewer: error: {policy}{message}")


def test_check_without_a_policy_file_is_an_error(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("policy", "check")
    assert result.code == 2
    assert "no policy file (looked for .reviewer.yaml, .reviewer.yml)" in result.err


def test_check_reads_the_base_revision_in_git_mode(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path / "repo", [{".reviewer.yaml": "fail_on: warn\n"},
                                         {".reviewer.yaml": "fail_on: [\n"}])
    result = cli("policy", "check", "--repo", str(repo), "--base", "c0")
    base = git(repo, "rev-parse", "c0").strip()[:12]
    assert result.code == 0
    assert result.out.splitlines()[:3] == [
        f"{base}:.reviewer.yaml: valid",
        f"  source: policy .reviewer.yaml from the base revision {base} (edits to it in this "
        "change apply after merge)",
        "  fail_on: warn"]
    assert cli("policy", "check", "--repo", str(repo), "--base", "c1").code == 2


def test_explain_shows_scope_tiers_and_effective_severities(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("policy", "explain", "services/payments/deploy/prod/values.yaml",
                 "--config", str(MONOREPO))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[:5] == [
        "services/payments/deploy/prod/values.yaml",
        f"  source: policy {MONOREPO} (--config)",
        f"  scope:  prod (from tier production ({MONOREPO}:10))",
        f"  tier:   production (scope prod)  [{MONOREPO}:10]",
        f"  tier:   tier-1 (shift raise)  [{MONOREPO}:26]",
    ]
    assert "Disabled by the policy: k8s-recreate-strategy" in lines
    assert "  block finding on prod paths → 'rollout' section, 'rollback' section" in lines


def _rules(cli, path: str, *args: str) -> dict[str, tuple[str, str, list[str]]]:  # type: ignore[no-untyped-def]
    result = cli("policy", "explain", path, "--format", "json", *args)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    return {r["id"]: (r["rule_severity"], r["severity"], r["notes"]) for r in data["rules"]}


@pytest.mark.parametrize(("path", "rule", "before", "after"), [
    ("services/payments/deploy/prod/values.yaml", "payments-ledger-writes-disabled", "warn",
     "block"),
    ("services/payments/src/config.yaml", "config-value-emptied", "warn", "warn"),
    ("services/payments/src/config.yaml", "k8s-probe-removed", "warn", "block"),
    ("services/batch-eu/deploy/prod/deployment.yaml", "k8s-replicas-cut", "warn", "info"),
    ("services/api/deploy/staging/deployment.yaml", "k8s-replicas-cut", "warn", "info"),
    ("docs/runbooks/setup.yaml", "secret-known-format", "block", "block"),
    ("docs/runbooks/setup.yaml", "config-value-emptied", "warn", "info"),
    ("config/flags/checkout.json", "flag-rollout-to-everyone", "warn", "warn"),
    ("config/flags/checkout.json", "safeguard-check-disabled", "warn", "block"),
    ("services/api/src/app.yaml", "k8s-replicas-cut", "warn", "warn"),
])
def test_explain_json_severities_for_the_monorepo(cli, path: str, rule: str, before: str,  # type: ignore[no-untyped-def]
                                                  after: str) -> None:
    rules = _rules(cli, path, "--config", str(MONOREPO))
    assert rules[rule][:2] == (before, after)


def test_explain_without_a_policy_uses_path_words(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("policy", "explain", "deploy/prod/api.yaml", "--format", "json")
    data = json.loads(result.out)
    assert (data["scope"], data["scope_from"], data["policy"]["origin"]) == (
        "prod", "the words in the path", "default")
    assert _rules(cli, "deploy/prod/api.yaml")["k8s-replicas-cut"] == (
        "warn", "block", ["scope raised from warn to block: production path"])
