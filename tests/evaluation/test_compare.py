"""What changed between two rules runs, on results built to differ in known ways."""

from __future__ import annotations

from reviewer.evaluation.compare import rule_changes
from reviewer.evaluation.results import (
    CaseOut,
    ExpectationOut,
    FindingOut,
    ModeOutcome,
    Results,
    Settings,
)

EXPECTED = ExpectationOut(category="capacity.reduced", rule=None, path="pdb.yaml",
                          severity="warn", line=None, side=None, where="c/case.yaml:6",
                          met_by=["k8s-pdb-deleted"], flagged=True)


def finding(rule: str, line: int, severity: str = "warn", hit: bool = True) -> FindingOut:
    return FindingOut(rule_id=rule, category="capacity.reduced", severity=severity,
                      path="pdb.yaml", line=line, side="old", message="m", hit=hit,
                      false=not hit)


def results(per_mode: dict[str, tuple[list[FindingOut], str, bool]]) -> Results:
    modes = {mode: ModeOutcome(verdict=verdict, verdict_met=verdict != "pass",
                               detected=met, findings=found,
                               expectations=[EXPECTED.model_copy(
                                   update={"met_by": EXPECTED.met_by if met else []})])
             for mode, (found, verdict, met) in per_mode.items()}
    case = CaseOut(name="c", label="risky", description="d", expected_verdict="warn", diff="",
                   modes=modes)
    return Results(kind="rules", complete=True, settings=Settings(cases="x", modes=list(modes)),
                   cases=[case])


def test_a_moved_finding_is_one_change_and_modes_are_merged() -> None:
    before = results({"diff": ([finding("k8s-pdb-deleted", 1)], "warn", True),
                      "git": ([finding("k8s-pdb-deleted", 1)], "warn", True)})
    after = results({"diff": ([], "pass", False),
                     "git": ([finding("k8s-pdb-deleted", 2, "block"),
                              finding("noisy-rule", 3, hit=False)], "block", True)})
    assert [(c.kind, c.mode, c.detail) for c in rule_changes(before, after)] == [
        ("lost hit", "diff", "k8s-pdb-deleted warn at pdb.yaml:1 (capacity.reduced)"),
        ("new false", "git", "noisy-rule warn at pdb.yaml:3 (capacity.reduced)"),
        ("newly missed", "diff", "capacity.reduced >= warn at pdb.yaml"),
        ("verdict worse", "diff", "warn -> pass"),
        ("verdict", "git", "warn -> block"),
        ("moved", "git", "k8s-pdb-deleted block at pdb.yaml:2 (capacity.reduced), was warn at "
                         "line 1"),
    ]
    same = rule_changes(before, before)
    assert same == []
