"""The command-line contract: exit codes, formats, stdin, and bad input without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DIFFS, make_repo

RISKY = DIFFS / "prod-capacity-cut-and-guards-removed.diff"
BENIGN = DIFFS / "benign-scale-up-and-image-bump.diff"


def test_risky_diff_blocks_with_verdict_first(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", str(RISKY))
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith("BLOCK  6 block · 3 warn · 0 info")
    assert "deploy/prod/checkout/deployment.yaml" in result.out
    assert "spec.replicas: 12 → 2" in result.out
    assert "Narrative: disabled" in result.out


def test_benign_diff_passes(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", str(BENIGN))
    assert (result.code, result.out.splitlines()[0][:4]) == (0, "PASS")


@pytest.mark.parametrize(("fail_on", "code"), [("block", 1), ("warn", 1), ("never", 0)])
def test_fail_on(cli, fail_on: str, code: int) -> None:  # type: ignore[no-untyped-def]
    assert cli("review", str(RISKY), "--fail-on", fail_on).code == code


def test_warn_verdict_exit_depends_on_fail_on(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    diff = tmp_path / "warn.diff"
    diff.write_text("diff --git a/flags/x.json b/flags/x.json\n--- a/flags/x.json\n"
                    "+++ b/flags/x.json\n@@ -1,3 +1,3 @@\n {\n-  \"rollout\": 5\n"
                    "+  \"rollout\": 100\n }\n")
    assert cli("review", str(diff)).code == 0
    assert cli("review", str(diff), "--fail-on", "warn").code == 1


def test_stdin(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", "-", stdin=RISKY.read_bytes())
    assert result.code == 1 and result.out.startswith("BLOCK")


def test_json_follows_the_schema_and_is_byte_identical(cli) -> None:  # type: ignore[no-untyped-def]
    first = cli("review", str(RISKY), "--format", "json").out
    assert first == cli("review", str(RISKY), "--format", "json").out
    report = json.loads(first)
    assert set(report) >= {"schema_version", "verdict", "findings", "narrative", "decision",
                           "coverage"}
    assert report["schema_version"] == 1 and report["verdict"] == "block"
    for finding in report["findings"]:
        assert set(finding) >= {"rule_id", "category", "severity", "path", "line", "side",
                                "message", "evidence", "fingerprint", "waived"}
        assert finding["severity"] in ("info", "warn", "block")
        assert finding["side"] in ("new", "old")
    assert set(report["narrative"]) >= {"status", "model", "summary", "concerns", "error"}
    assert report["narrative"]["status"] == "disabled"
    assert set(report["decision"]) >= {"deterministic_verdict", "reasons", "required_actions"}
    assert report["coverage"]["files"] == 6 and report["coverage"]["analyzed"] == 5
    assert report["coverage"]["skipped"] == [{"path": "docs/diagram.png",
                                             "why": "binary file: contents not reviewed"}]
    old_side = [f for f in report["findings"] if f["rule_id"] == "tf-prevent-destroy-removed"]
    assert [(f["path"], f["line"], f["side"]) for f in old_side] == [
        ("infra/prod/orders/rds.tf", 18, "old")]


def test_output_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.md"
    result = cli("review", str(RISKY), "--format", "markdown", "--output", str(target))
    assert result.code == 1 and result.out == ""
    assert "report written to" in result.err
    assert target.read_text().startswith("## 🛑 reviewer: **BLOCK**")


def test_no_llm_and_no_endpoint_give_identical_findings(cli) -> None:  # type: ignore[no-untyped-def]
    plain = json.loads(cli("review", str(RISKY), "--format", "json").out)
    no_llm = json.loads(cli("review", str(RISKY), "--format", "json", "--no-llm").out)
    assert plain["findings"] == no_llm["findings"]
    assert plain["verdict"] == no_llm["verdict"]
    assert no_llm["narrative"]["reason"].startswith("--no-llm")


def test_git_mode_end_to_end(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path / "repo", [
        {"infra/prod/db.tf": 'resource "aws_db_instance" "a" {\n  deletion_protection = true\n}\n'},
        {"infra/prod/db.tf": 'resource "aws_db_instance" "a" {\n  deletion_protection = false\n}\n'},
    ])
    result = cli("review", "--repo", str(repo), "--base", "c0", "--head", "c1", "--format", "json")
    report = json.loads(result.out)
    assert result.code == 1
    assert report["source"]["mode"] == "git"
    assert [(f["rule_id"], f["line"], f["key"]) for f in report["findings"]] == [
        ("tf-deletion-protection-off", 2, "resource.aws_db_instance.a.deletion_protection")]


def test_broken_yaml_in_a_changed_file_is_reported_not_fatal(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(tmp_path / "repo", [
        {"deploy/prod/api.yaml": "spec:\n  replicas: 12\n  bad: [unclosed\n"},
        {"deploy/prod/api.yaml": "spec:\n  replicas: 2\n  bad: [unclosed\n"},
    ])
    report = json.loads(cli("review", "--repo", str(repo), "--base", "c0", "--head", "c1",
                            "--format", "json").out)
    assert [f["rule_id"] for f in report["findings"]] == ["k8s-replicas-cut"]
    (degraded,) = report["coverage"]["degraded"]
    assert degraded["path"] == "deploy/prod/api.yaml"
    assert "YAML parse error" in degraded["why"] and "line by line" in degraded["why"]


BAD_INPUT = [
    ("not-a-diff", b"Hello,\nthis is an email, not a patch.\n", 2, "not a unified diff"),
    ("truncated", RISKY.read_bytes()[:600], 2, "truncated"),
    ("dotdot", b"--- a/../secrets\n+++ b/../secrets\n@@ -1 +1 @@\n-a\n+b\n", 2,
     "outside the repository"),
    ("absolute", b"--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", 2, "absolute path"),
]


@pytest.mark.parametrize(("name", "data", "code", "message"), BAD_INPUT,
                         ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_one_clear_line(cli, tmp_path: Path, name: str, data: bytes, code: int,  # type: ignore[no-untyped-def]
                                     message: str) -> None:
    path = tmp_path / f"{name}.diff"
    path.write_bytes(data)
    result = cli("review", str(path))
    assert result.code == code
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


@pytest.mark.parametrize(("data", "verdict", "code"), [
    (b"", "PASS", 0),
    (RISKY.read_bytes().replace(b"\n", b"\r\n"), "BLOCK", 1),
    (BENIGN.read_bytes().replace(b"10,", "10, # caf\xe9".encode("latin-1")), "PASS", 0),
])
def test_odd_but_valid_input(cli, tmp_path: Path, data: bytes, verdict: str, code: int) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "odd.diff"
    path.write_bytes(data)
    result = cli("review", str(path))
    assert (result.code, result.out.split()[0]) == (code, verdict)


def test_crlf_gives_the_same_findings_as_lf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "crlf.diff"
    path.write_bytes(RISKY.read_bytes().replace(b"\n", b"\r\n"))
    crlf = json.loads(cli("review", str(path), "--format", "json").out)["findings"]
    lf = json.loads(cli("review", str(RISKY), "--format", "json").out)["findings"]
    assert crlf == lf


def test_very_long_lines(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = "x = '" + "a" * 100_000 + "'"
    path = tmp_path / "long.diff"
    path.write_text(f"--- a/app.min.js\n+++ b/app.min.js\n@@ -1 +1 @@\n-old\n+{line} "
                    "AKIAZ3MPLE7Q4RN2WX5T\n")
    result = cli("review", str(path), "--format", "json")
    findings = json.loads(result.out)["findings"]
    assert [f["rule_id"] for f in findings] == ["secret-known-format"]
    assert len(findings[0]["evidence"]) <= 240
    assert "AKIAZ3MPLE7Q4RN2WX5T" not in result.out


@pytest.mark.parametrize(("args", "message"), [
    ((), "nothing to review"),
    (("missing.diff",), "diff file not found"),
    (("--head", "HEAD", "x.diff"), "--head needs --base"),
    (("x.diff", "--base", "main"), "either a diff file or --base"),
    (("--base", "nope", "--repo", "."), "unknown git revision 'nope'"),
    (("--config", "missing.yaml", "x.diff"), "file not found"),
])
def test_usage_errors(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                      args: tuple[str, ...], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    make_repo(tmp_path, [{"a.txt": "a\n"}])
    result = cli("review", *args)
    assert result.code == 2
    assert message in result.err


def test_stdin_from_a_terminal_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", "-", tty=True)
    assert result.code == 2 and "stdin is a terminal" in result.err


def test_argparse_errors_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as info:
        cli("review", str(RISKY), "--format", "yaml")
    assert info.value.code == 2


def test_internal_errors_exit_3_and_hide_the_traceback_unless_debug(
        cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import reviewer.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reviewer.pipeline, "analyze", broken)
    result = cli("review", str(RISKY))
    assert result.code == 3
    assert "internal error: RuntimeError: boom" in result.err
    assert "Traceback" not in result.err
    debug = cli("review", str(RISKY), "--debug")
    assert debug.code == 3 and "Traceback" in debug.err


def test_policy_file_fail_on_and_disabled_rules(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / ".reviewer.yaml"
    policy.write_text("fail_on: warn\nrules:\n  disable: [k8s-replicas-cut]\n")
    report = json.loads(cli("review", str(RISKY), "--config", str(policy), "--format",
                            "json").out)
    assert "k8s-replicas-cut" not in {f["rule_id"] for f in report["findings"]}
    assert cli("review", str(BENIGN), "--config", str(policy)).code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("fail_on: sometimes\n")
    result = cli("review", str(RISKY), "--config", str(broken))
    assert result.code == 2 and f"{broken}:1: fail_on: Input should be" in result.err


def test_console_script_runs_as_a_process() -> None:
    proc = subprocess.run([sys.executable, "-m", "reviewer", "review", str(RISKY), "--no-llm"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and proc.stdout.startswith("BLOCK")
    bad = subprocess.run([sys.executable, "-m", "reviewer", "review", "/nonexistent.diff"],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr == "reviewer: error: /nonexistent.diff: diff file not found\n"


LEAKY = (b"diff --git a/services/pay/client.py b/services/pay/client.py\n"
         b"--- a/services/pay/client.py\n+++ b/services/pay/client.py\n@@ -1,2 +1,2 @@\n"
         b" import requests\n-r = requests.get(URL, timeout=5)\n"
         b'+r = requests.get(URL, timeout=5, verify=False, auth=("svc", "AKIAZ3MPLE7Q4RN2WX5T"))\n')


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "sarif", "github", "gitlab",
                                 "junit"])
def test_no_output_format_repeats_a_credential(cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leak.diff"
    path.write_bytes(LEAKY)
    result = cli("review", str(path), "--format", fmt, "--no-llm")
    assert result.code == 1
    assert "tls-verification-disabled" in result.out or "TLS" in result.out
    assert "AKIAZ3MPLE7Q4RN2WX5T" not in result.out + result.err
