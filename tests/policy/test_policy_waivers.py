"""Inline annotations and policy exceptions: what each can waive, and what they refuse."""

from __future__ import annotations

import datetime

import pytest

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.diff.synthetic import changeset
from reviewer.policy.model import PolicyException
from reviewer.policy.waivers import Annotation, decide_waivers, find_annotations, mark_waived
from reviewer.severity import Severity

TODAY = datetime.date(2026, 6, 1)


def annotations(path: str, before: str | None, after: str) -> list[tuple[object, ...]]:
    found = find_annotations(changeset([(path, before, after)]))
    return [(a.line, a.rules, a.reason, a.new_lines, a.old_lines, a.problem) for a in found]


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("deploy/batch.yaml", "spec:\n  replicas: 12\n",
     "spec:\n  # reviewer: allow k8s-replicas-cut -- batch job, scales to zero at night\n"
     "  replicas: 1\n",
     [(2, ("k8s-replicas-cut",), "batch job, scales to zero at night", (2, 3), (2,), None)]),
    ("deploy/batch.yaml", "spec:\n  replicas: 12\n",
     "spec:\n  replicas: 1  # reviewer: allow k8s-replicas-cut, k8s-pdb-deleted -- drained\n",
     [(2, ("k8s-replicas-cut", "k8s-pdb-deleted"), "drained", (2, 3), (2,), None)]),
    ("docs/flags.md", "rollout: 5\n",
     "<!-- reviewer: allow flag-rollout-to-everyone -- docs example -->\nrollout: 100\n",
     [(1, ("flag-rollout-to-everyone",), "docs example", (1, 2), (1,), None)]),
    ("app.sql", "SELECT 1;\n", "-- reviewer: allow sql-drop-table-or-column --   \nDROP TABLE t;\n",
     [(1, ("sql-drop-table-or-column",), "", (1, 2), (1,), "no reason after '--'")]),
    ("app.yaml", "a: 1\n", "# reviewer: allow k8s-replicas-cut because I said so\na: 2\n",
     [(1, (), "", (1, 2), (1,),
       "not of the form 'reviewer: allow <rule-id> -- <reason>'")]),
    ("app.yaml", "# reviewer: allow k8s-replicas-cut -- old reason\na: 1\n", "a: 1\n", []),
    ("app.yaml", "a: 1\n", "a: 1\nb: 2  # reviewer: please look\n", []),
])
def test_annotations_in_added_and_context_lines(path: str, before: str | None, after: str,
                                                expected: list[tuple[object, ...]]) -> None:
    assert annotations(path, before, after) == expected


def test_an_annotation_covers_deleted_lines_in_its_block_of_changes() -> None:
    before = 'resource "x" "y" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n'
    after = ('resource "x" "y" {\n  lifecycle {\n    # reviewer: allow tf-prevent-destroy-removed'
             ' -- decommissioning, see RFC-12\n  }\n}\n')
    (note,) = find_annotations(changeset([("infra/x.tf", before, after)]))
    assert (note.line, note.old_lines) == (3, (3,))
    removed = finding("tf-prevent-destroy-removed", Severity.WARN, "infra/x.tf", 3, Side.OLD)
    assert note.covers(removed)
    assert not note.covers(removed._replace(line=4))
    assert not note.covers(removed._replace(side=Side.NEW, line=5))


def finding(rule: str, severity: Severity, path: str = "deploy/a.yaml", line: int = 3,
            side: Side = Side.NEW, category: str = "capacity.reduced") -> Finding:
    return Finding(rule, category, severity, path, line, side, "m", "e",
                   f"{rule}@{path}:{line}:{side.value}", title="T")


def exception(rule: str, path: str, expires: datetime.date = datetime.date(2026, 12, 31)
              ) -> PolicyException:
    return PolicyException(rule, path, "reason", "@owner", expires, ".reviewer.yaml:9")


def note(rule: str, path: str = "deploy/a.yaml", line: int = 2,
         problem: str | None = None) -> Annotation:
    return Annotation(path, line, (rule,), "because", (line, line + 1), (), problem)


def test_an_exception_waives_a_block_finding_it_names_until_its_expiry_date() -> None:
    block = finding("tf-deletion-protection-off", Severity.BLOCK, "infra/staging/db/main.tf")
    for today, waived in ((TODAY, True), (datetime.date(2026, 12, 31), True),
                          (datetime.date(2027, 1, 1), False)):
        outcome = decide_waivers([block], [exception("tf-deletion-protection-off",
                                                     "infra/staging/**")], [], today)
        assert [f.waived for f in outcome.findings] == [waived]
        if waived:
            (w,) = outcome.waivers
            assert (w.by, w.reason, w.owner, w.expires, w.where, w.severity) == (
                "exception", "reason", "@owner", datetime.date(2026, 12, 31),
                ".reviewer.yaml:9", Severity.BLOCK)
        else:
            assert outcome.waivers == ()
            assert outcome.notes == (
                "exception for tf-deletion-protection-off on infra/staging/** "
                "(.reviewer.yaml:9) expired on 2026-12-31: infra/staging/db/main.tf:3 is not "
                "waived",)


@pytest.mark.parametrize(("exc", "waives"), [
    (exception("tf-deletion-protection-off", "infra/staging/**"), True),
    (exception("tf-deletion-protection-off", "infra/prod/**"), False),
    (exception("tf-prevent-destroy-removed", "infra/staging/**"), False),
    (exception("tf-deletion-protection-off", "infra/staging/db/main.tf"), True),
    (exception("tf-deletion-protection-off", "*.tf"), True),
])
def test_an_exception_waives_only_the_rule_and_paths_it_names(exc: PolicyException,
                                                              waives: bool) -> None:
    block = finding("tf-deletion-protection-off", Severity.BLOCK, "infra/staging/db/main.tf")
    assert bool(decide_waivers([block], [exc], [], TODAY).waivers) is waives


def test_without_a_date_no_exception_applies() -> None:
    block = finding("tf-deletion-protection-off", Severity.BLOCK, "infra/a.tf")
    assert decide_waivers([block], [exception("tf-deletion-protection-off", "infra/**")], [],
                          None).waivers == ()


@pytest.mark.parametrize(("severity", "category", "waived", "refusal"), [
    (Severity.WARN, "capacity.reduced", True, None),
    (Severity.INFO, "capacity.reduced", True, None),
    (Severity.BLOCK, "capacity.reduced", False,
     "inline waiver at deploy/a.yaml:2 cannot waive the block finding k8s-replicas-cut at "
     "deploy/a.yaml:3: only an exception in the base revision's policy can"),
    (Severity.WARN, "reviewer.self-config", False,
     "inline waiver at deploy/a.yaml:2 cannot waive k8s-replicas-cut: a change to the "
     "review's own configuration needs an owner's review"),
])
def test_an_inline_annotation_quiets_warn_and_info_only(severity: Severity, category: str,
                                                        waived: bool,
                                                        refusal: str | None) -> None:
    found = finding("k8s-replicas-cut", severity, category=category)
    outcome = decide_waivers([found], [], [note("k8s-replicas-cut")], TODAY)
    assert [f.waived for f in outcome.findings] == [waived]
    assert outcome.notes == ((refusal,) if refusal else ())
    if waived:
        (w,) = outcome.waivers
        assert (w.by, w.reason, w.where, w.owner, w.expires) == (
            "inline", "because", "deploy/a.yaml:2", None, None)


@pytest.mark.parametrize("annotation", [
    note("k8s-pdb-deleted"), note("k8s-replicas-cut", path="deploy/b.yaml"),
    note("k8s-replicas-cut", line=5),
])
def test_an_annotation_waives_only_its_rule_file_and_lines(annotation: Annotation) -> None:
    found = finding("k8s-replicas-cut", Severity.WARN)
    assert decide_waivers([found], [], [annotation], TODAY).waivers == ()


def test_a_malformed_annotation_waives_nothing_and_is_reported() -> None:
    found = finding("k8s-replicas-cut", Severity.WARN)
    outcome = decide_waivers([found], [], [note("k8s-replicas-cut", problem="no reason")], TODAY)
    assert outcome.waivers == ()
    assert outcome.notes == ("inline waiver at deploy/a.yaml:2 ignored: no reason",)


def test_the_exception_is_preferred_when_both_apply_and_marking_is_by_fingerprint() -> None:
    found = finding("k8s-replicas-cut", Severity.WARN)
    other = finding("k8s-pdb-deleted", Severity.WARN)
    outcome = decide_waivers([found, other], [exception("k8s-replicas-cut", "deploy/**")],
                             [note("k8s-replicas-cut")], TODAY)
    assert [w.by for w in outcome.waivers] == ["exception"]
    assert mark_waived([found, other], outcome.waivers) == outcome.findings
    assert [f.waived for f in outcome.findings] == [True, False]
