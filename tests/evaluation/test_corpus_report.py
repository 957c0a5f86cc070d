"""scripts/corpus_report.py end to end on small case folders: figures out, exit codes."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT
from tests.evaluation.conftest import CUT_SPEC


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_report",
                                                  ROOT / "scripts" / "corpus_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cases(replica_cases: Path) -> Path:
    return replica_cases


def test_prints_both_modes_and_exits_zero(cases: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--cases", str(cases)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Corpus: 1 risky and 1 benign cases\n")
    assert "  detected (category or rule, severity)  1/1 = 100%  1/1 = 100%" in out
    assert "  false alarms (benign at warn+)           0/1 = 0%    0/1 = 0%   <= 5%" in out
    assert "Missed expectations (0)" in out
    assert "2 cases in 2 mode(s)" in out


def test_one_mode_and_a_subset(cases: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--cases", str(cases), "--mode", "git", "--only", "up",
                           "--findings"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Corpus: 0 risky and 1 benign cases\n")
    assert "Findings per case\nup (benign, expects pass): git pass\n" in out
    assert "bare diff" not in out and "1 cases in 1 mode(s)" in out


@pytest.mark.parametrize(("args", "fragment"), [
    (["--only", "nope"], "no such case(s): nope"),
    (["--cases", "/nonexistent/cases"], "/nonexistent/cases: not a folder of cases"),
])
def test_usage_errors_exit_two(cases: Path, args: list[str], fragment: str,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--cases", str(cases), *args]) == 2
    assert fragment in capsys.readouterr().err


def test_a_case_naming_an_unknown_rule_exits_two(write_case,  # type: ignore[no-untyped-def]
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    spec = CUT_SPEC.replace("severity: warn}", "severity: warn, rule: no-such-rule}")
    folder = write_case("cut", spec, before={"deploy/prod/api.yaml": "spec:\n  replicas: 12\n"},
                        after={"deploy/prod/api.yaml": "spec:\n  replicas: 2\n"})
    assert _script().main(["--cases", str(folder.parent)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'case.yaml'}:6: expects rule 'no-such-rule', which is not in the rule set" in err
