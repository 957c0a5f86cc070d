"""GitHub workflow commands: escaping, worst first, waived as notices, and the job summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.render import RenderOptions
from reviewer.render.github import escape_data, escape_property, render
from tests.conftest import DIFFS
from tests.render.sample import sample_report

RISKY = DIFFS / "prod-capacity-cut-and-guards-removed.diff"


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("100% done", "100%25 done", "100%25 done"),
    ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
    ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ("%0A", "%250A", "%250A"),  # an escape in the text stays text
])
def test_escaping(text: str, data: str, prop: str) -> None:
    assert (escape_data(text), escape_property(text)) == (data, prop)


def test_commands_worst_first_with_deleted_lines_placed_and_named() -> None:
    lines = render(sample_report(), RenderOptions()).splitlines()
    commands = [line.split("::")[1].split(" ")[0] for line in lines if line.startswith("::")]
    assert commands == ["error", "error", "warning", "warning", "notice", "notice"]
    probe = next(line for line in lines if "k8s-probe-removed" in line)
    assert probe.startswith("::warning file=deploy/prod/checkout/deployment.yaml,line=12,")
    assert probe.endswith("(on a deleted line: line 14 before this change)")
    pdb = next(line for line in lines if "k8s-pdb-deleted" in line)
    assert pdb.startswith("::warning file=deploy/prod/checkout/pdb.yaml,title=")  # no line
    waived = next(line for line in lines if "tf-prevent-destroy-removed" in line)
    assert waived.startswith("::notice file=infra/prod/orders/rds.tf,line=5,title=waived%3A ")
    assert lines[6] == ("reviewer: BLOCK — 2 block · 2 warn · 1 info · 1 waived "
                        "(4 files changed, 4 analyzed)")


def test_step_summary_is_appended_and_exit_code_kept(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("review", str(RISKY), "--format", "github", "--no-llm")
    assert result.code == 1
    report = json.loads(cli("review", str(RISKY), "--format", "json", "--no-llm").out)
    blockers = [f for f in report["findings"] if f["severity"] == "block"]
    first = result.out.splitlines()[0]
    assert first.startswith("::error file=")
    assert any(f"[{f['rule_id']}]" in first for f in blockers)
    text = summary.read_text()
    assert text.startswith("earlier step\n## 🛑 reviewer: **BLOCK**\n")
    assert f"### 🛑 Blockers ({len(blockers)})" in text


def test_unwritable_step_summary_costs_one_line_not_the_gate(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "missing" / "summary.md"))
    result = cli("review", str(RISKY), "--format", "github", "--no-llm")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"reviewer: warning: cannot write the job summary to {tmp_path}/missing/summary.md: "
        "No such file or directory"]


def test_other_formats_leave_the_summary_alone(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    cli("review", str(RISKY), "--format", "sarif", "--no-llm")
    assert not summary.exists()
