"""Loading case folders: what a valid case gives, and one clear error per malformed case."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.diff.model import Side
from reviewer.evaluation.cases import CaseError, load_case, load_cases
from reviewer.severity import Severity, Verdict

RISKY = """\
description: replicas cut in production
label: risky
expect:
  verdict: warn
  findings:
    - category: capacity.reduced
      path: deploy/prod/api.yaml
      severity: warn
      line: 2
      side: new
    - category: capacity.reduced
      rule: k8s-pdb-deleted
      path: deploy/prod/pdb.yaml
      severity: warn
narrative:
  must_mention: [replicas]
  must_not_mention: [image]
"""
TREES = {
    "before": {"deploy/prod/api.yaml": "spec:\n  replicas: 12\n",
               "deploy/prod/pdb.yaml": "spec:\n  minAvailable: 2\n",
               "deploy/prod/context.yaml": "kept: true\n"},
    "after": {"deploy/prod/api.yaml": "spec:\n  replicas: 2\n",
              "deploy/prod/context.yaml": "kept: true\n"},
}


def test_a_tree_case_loads_with_its_expectations(write_case) -> None:  # type: ignore[no-untyped-def]
    folder = write_case("cut", RISKY, **TREES)
    case = load_case(folder)
    assert case.name == "cut"
    assert case.spec.label == "risky"
    assert case.spec.expect.verdict is Verdict.WARN
    first, second = case.spec.expect.findings
    assert (first.category, first.path, first.severity, first.line, first.side) == (
        "capacity.reduced", "deploy/prod/api.yaml", Severity.WARN, 2, Side.NEW)
    assert (second.rule, second.line, second.side) == ("k8s-pdb-deleted", None, None)
    assert case.spec.narrative.must_mention == ("replicas",)
    assert case.changed_paths() == {"deploy/prod/api.yaml", "deploy/prod/pdb.yaml"}
    assert case.after.get("deploy/prod/pdb.yaml") is None
    assert case.where(0) == f"{folder / 'case.yaml'}:6"
    assert case.where(1) == f"{folder / 'case.yaml'}:11"


def test_a_diff_case_keeps_its_text(write_case) -> None:  # type: ignore[no-untyped-def]
    diff = ("diff --git a/deploy/prod/api.yaml b/deploy/prod/api.yaml\n"
            "--- a/deploy/prod/api.yaml\n+++ b/deploy/prod/api.yaml\n"
            "@@ -1,2 +1,2 @@\n spec:\n-  replicas: 12\n+  replicas: 2\n")
    spec = RISKY.split("    - category: capacity.reduced\n      rule")[0]
    case = load_case(write_case("bare", spec, diff=diff))
    assert case.diff_only and case.diff == diff
    assert (case.before, case.after) == ({}, {})


def test_load_cases_finds_case_folders_sorted_by_name(write_case) -> None:  # type: ignore[no-untyped-def]
    benign = "description: scale up\nlabel: benign\nexpect: {verdict: pass}\n"
    write_case("b-second", benign, before={"a.yaml": "n: 1\n"}, after={"a.yaml": "n: 2\n"})
    write_case("a-first", benign, after={"new.yaml": "n: 1\n"})
    root = write_case("c-third", benign, before={"gone.txt": "1\n"}).parent
    assert [c.name for c in load_cases(root)] == ["a-first", "b-second", "c-third"]
    assert [c.name for c in load_cases(root / "a-first")] == ["a-first"]


BASE_SPEC = "description: d\nlabel: risky\nexpect:\n  verdict: warn\n  findings:\n"
FINDING = "    - {category: capacity.reduced, path: a.yaml, severity: warn}\n"


@pytest.mark.parametrize(("spec", "line", "fragment"), [
    (BASE_SPEC + FINDING + "owner: me\n", 7, "owner: Extra inputs are not permitted"),
    (BASE_SPEC + "    - {category: capacity.cut, path: a.yaml, severity: warn}\n", 6,
     "expect.findings.0.category: Input should be 'rollout.global'"),
    (BASE_SPEC + "    - {category: capacity.reduced, path: a.yaml, severity: high}\n", 6,
     "expect.findings.0.severity: Input should be 'info', 'warn' or 'block'"),
    (BASE_SPEC + "    - {category: capacity.reduced, path: ../a.yaml, severity: warn}\n", 6,
     "expect.findings.0.path: '../a.yaml' is not a relative repository path"),
    (BASE_SPEC + "    - {category: capacity.reduced, path: a.yaml, severity: warn, "
     "rule: Bad_Id}\n", 6, "expect.findings.0.rule: String should match pattern"),
    (BASE_SPEC + "    - {category: capacity.reduced, path: a.yaml, severity: warn, line: 0}\n",
     6, "expect.findings.0.line: Input should be greater than or equal to 1"),
    (BASE_SPEC.replace("verdict: warn", "verdict: pass") + FINDING, 1,
     "a risky case expects verdict warn or block"),
    (BASE_SPEC.replace("findings:", "findings: []"), 1,
     "a risky case lists at least one expected finding"),
    (BASE_SPEC, 5, "expect.findings: Input should be a valid tuple"),
    (BASE_SPEC + "    - {category: capacity.reduced, path: a.yaml, severity: block}\n", 1,
     "an expected finding is block, so the verdict cannot be lower than block"),
    ("description: d\nlabel: benign\nexpect: {verdict: warn}\n", 1,
     "a benign case expects verdict pass"),
    ("description: d\nlabel: benign\nexpect:\n  verdict: pass\n  findings:\n" + FINDING, 1,
     "a benign case lists no expected findings"),
    ("description: d\nlabel: maybe\nexpect: {verdict: pass}\n", 2,
     "label: Input should be 'risky' or 'benign'"),
    ("label: benign\nexpect: {verdict: pass}\n", 1, "description: Field required"),
    ("description: d\nlabel: benign\nexpect: {verdict: pass\n", 4, "invalid YAML"),
    ("- just\n- a list\n", None, "a case file must be a mapping"),
])
def test_malformed_case_files_name_file_line_and_field(write_case, spec: str,  # type: ignore[no-untyped-def]
                                                       line: int | None, fragment: str) -> None:
    folder = write_case("bad", spec, before={"a.yaml": "n: 1\n"}, after={"a.yaml": "n: 2\n"})
    with pytest.raises(CaseError) as caught:
        load_case(folder)
    where = str(folder / "case.yaml") + (f":{line}" if line else "")
    assert caught.value.where == where
    assert fragment in caught.value.message


BENIGN = "description: d\nlabel: benign\nexpect: {verdict: pass}\n"


@pytest.mark.parametrize(("trees", "diff", "fragment"), [
    ({}, None, "a case needs before/ and after/ trees or a change.diff"),
    ({"before": {"a.yaml": "n: 1\n"}, "after": {"a.yaml": "n: 1\n"}}, None,
     "before/ and after/ are identical: the case changes nothing"),
    ({"after": {"a.yaml": "n: 1\n"}}, "diff --git a/a b/a\n",
     "give either change.diff or before/ and after/ trees, not both"),
])
def test_malformed_case_folders(write_case, trees: dict[str, dict[str, str]],  # type: ignore[no-untyped-def]
                                diff: str | None, fragment: str) -> None:
    folder = write_case("bad", BENIGN, diff=diff, **trees)
    with pytest.raises(CaseError, match=fragment) as caught:
        load_case(folder)
    assert caught.value.where == str(folder)


def test_an_expected_finding_must_point_at_a_changed_file(write_case) -> None:  # type: ignore[no-untyped-def]
    spec = BASE_SPEC + "    - {category: capacity.reduced, path: context.yaml, severity: warn}\n"
    folder = write_case("bad", spec, before={"a.yaml": "n: 1\n", "context.yaml": "k: 1\n"},
                        after={"a.yaml": "n: 2\n", "context.yaml": "k: 1\n"})
    with pytest.raises(CaseError, match="the change does not touch that file") as caught:
        load_case(folder)
    assert caught.value.where == f"{folder / 'case.yaml'}:6"


def test_duplicate_case_names_and_empty_roots(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_case("one/same", BENIGN, after={"a.yaml": "n: 1\n"})
    write_case("two/same", BENIGN, after={"a.yaml": "n: 1\n"})
    with pytest.raises(CaseError, match="case name 'same' is also used by"):
        load_cases(tmp_path / "cases")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CaseError, match=r"no case folders \(with a case.yaml\) found"):
        load_cases(tmp_path / "empty")
    with pytest.raises(CaseError, match="not a folder of cases"):
        load_cases(tmp_path / "missing")


def test_the_readme_example_case_is_valid() -> None:
    from reviewer.evaluation.case_model import CaseSpec
    from reviewer.yamlsource import load_text
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Evaluating rules and prompts"):]
    block = section[section.index("```yaml\n") + 8:section.index("```\n", section.index(
        "```yaml\n") + 8)]
    data, _ = load_text(block, "README.md")
    spec = CaseSpec.model_validate(data)
    assert spec.narrative.must_mention == ("replicas", ("PodDisruptionBudget", "PDB"))
    assert [f.side for f in spec.expect.findings] == [None, Side.OLD]
