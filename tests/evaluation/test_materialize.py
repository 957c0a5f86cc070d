"""A case as git history and as a bare diff: both show the same change."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.diff.model import FileStatus, LineKind, SourceMode
from reviewer.evaluation.cases import load_case
from reviewer.evaluation.materialize import (
    Mode,
    changes_for,
    diff_text,
    materialize,
    materialize_many,
)
from tests.conftest import git

BENIGN = "description: d\nlabel: benign\nexpect: {verdict: pass}\n"
BEFORE = {"deploy/api.yaml": "spec:\n  replicas: 3\n", "gone/old.txt": "bye\n",
          "keep/context.txt": "same\n", "dir with space/x.txt": "1\n"}
AFTER = {"deploy/api.yaml": "spec:\n  replicas: 6\n", "flags/new.json": '{"on": true}\n',
         "keep/context.txt": "same\n", "dir with space/x.txt": "2\n"}
EXPECTED = {"deploy/api.yaml": FileStatus.MODIFIED, "gone/old.txt": FileStatus.DELETED,
            "flags/new.json": FileStatus.ADDED, "dir with space/x.txt": FileStatus.MODIFIED}


def test_git_history_holds_before_on_main_and_after_on_change(write_case,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    case = load_case(write_case("mixed", BENIGN, before=BEFORE, after=AFTER))
    where = materialize(case, tmp_path / "repo")
    assert (where.base, where.head) == ("main", "change")
    assert git(where.repo, "show", "main:deploy/api.yaml") == "spec:\n  replicas: 3\n"
    assert git(where.repo, "show", "change:flags/new.json") == '{"on": true}\n'
    listed = git(where.repo, "ls-tree", "-r", "--name-only", "change").splitlines()
    assert sorted(listed) == sorted(AFTER)
    assert git(where.repo, "log", "--format=%s", "change").splitlines() == ["mixed", "base"]


@pytest.mark.parametrize("mode", [Mode.DIFF, Mode.GIT])
def test_added_deleted_and_modified_files_in_both_modes(write_case, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        mode: Mode) -> None:
    case = load_case(write_case("mixed", BENIGN, before=BEFORE, after=AFTER))
    changes = changes_for(case, mode, materialize(case, tmp_path / "repo"))
    assert changes is not None
    assert {f.path: f.status for f in changes.files} == EXPECTED
    assert changes.source.mode is (SourceMode.GIT if mode is Mode.GIT else SourceMode.DIFF)
    api = next(f for f in changes.files if f.path == "deploy/api.yaml")
    changed = [(ln.kind, ln.text, ln.number) for h in api.hunks for ln in h.lines
               if ln.kind is not LineKind.CONTEXT]
    assert changed == [(LineKind.REMOVED, "  replicas: 3", 2), (LineKind.ADDED, "  replicas: 6", 2)]
    if mode is Mode.GIT:
        assert (api.before, api.after) == ("spec:\n  replicas: 3\n", "spec:\n  replicas: 6\n")
        assert next(f for f in changes.files if f.path == "gone/old.txt").after is None
    else:
        assert (api.before, api.after) == (None, None)


def test_many_cases_share_one_repository_without_mixing(write_case,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    first = load_case(write_case("first", BENIGN, before={"a.yaml": "n: 1\n"},
                                 after={"a.yaml": "n: 2\n"}))
    second = load_case(write_case("second", BENIGN, after={"b.yaml": "n: 1\n"}))
    bare = load_case(write_case("bare", BENIGN, diff=(
        "diff --git a/c.txt b/c.txt\n--- a/c.txt\n+++ b/c.txt\n@@ -1 +1 @@\n-x\n+y\n")))
    made = materialize_many([first, bare, second], tmp_path / "repo")
    assert sorted(made) == ["first", "second"]
    assert made["first"].repo == made["second"].repo
    for case, paths in ((first, ["a.yaml"]), (second, ["b.yaml"])):
        for mode in Mode:
            changes = changes_for(case, mode, made[case.name])
            assert changes is not None
            assert [f.path for f in changes.files] == paths
    assert changes_for(bare, Mode.GIT, None) is None
    bare_changes = changes_for(bare, Mode.DIFF, None)
    assert bare_changes is not None and [f.path for f in bare_changes.files] == ["c.txt"]
    assert diff_text(bare, None) == bare.diff


def test_a_moved_file_is_a_rename_in_both_modes(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"line {n}\n" for n in range(20))
    case = load_case(write_case("moved", BENIGN, before={"old/dash.json": body},
                                after={"new/dash.json": body + "line 20\n"}))
    where = materialize(case, tmp_path / "repo")
    for mode in Mode:
        changes = changes_for(case, mode, where)
        assert changes is not None
        assert [(f.status, f.path, f.old_path) for f in changes.files] == [
            (FileStatus.RENAMED, "new/dash.json", "old/dash.json")]


def test_a_bare_diff_only_case_cannot_be_materialized(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bare = load_case(write_case("bare", BENIGN, diff=(
        "diff --git a/c.txt b/c.txt\n--- a/c.txt\n+++ b/c.txt\n@@ -1 +1 @@\n-x\n+y\n")))
    with pytest.raises(ValueError, match=r"gives only a change\.diff"):
        materialize(bare, tmp_path / "repo")
