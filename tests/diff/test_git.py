from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.diff.git import load_changeset
from reviewer.diff.model import FileStatus, SourceMode
from reviewer.errors import GitError
from tests.conftest import git, make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", [
        {"deploy/api.yaml": "spec:\n  replicas: 12\n", "old/name.txt": "keep me\n",
         "gone.txt": "bye\n", "logo.png": "\x00\x01binary"},
        {"deploy/api.yaml": "spec:\n  replicas: 1\n", "gone.txt": None,
         "new/flags.json": '{"rollout": 100}\n'},
    ])


def test_git_mode_loads_whole_texts_on_both_sides(repo: Path) -> None:
    git(repo, "mv", "old/name.txt", "new/name.txt")
    git(repo, "commit", "-q", "-m", "rename")
    changes = load_changeset(repo, "c0", "HEAD")
    assert changes.source.mode is SourceMode.GIT
    by_path = {f.path: f for f in changes.files}
    api = by_path["deploy/api.yaml"]
    assert (api.before, api.after) == ("spec:\n  replicas: 12\n", "spec:\n  replicas: 1\n")
    assert by_path["gone.txt"].status is FileStatus.DELETED
    assert (by_path["gone.txt"].before, by_path["gone.txt"].after) == ("bye\n", None)
    assert by_path["new/flags.json"].status is FileStatus.ADDED
    assert by_path["new/flags.json"].before is None
    renamed = by_path["new/name.txt"]
    assert (renamed.status, renamed.old_path, renamed.before) == (
        FileStatus.RENAMED, "old/name.txt", "keep me\n")


def test_changes_on_the_base_branch_are_not_attributed_to_the_head(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature", "c0")
    (repo / "feature.txt").write_text("mine\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "feature")
    changes = load_changeset(repo, "main", "feature")
    assert [f.path for f in changes.files] == ["feature.txt"]


@pytest.mark.parametrize(("base", "head", "fragment"), [
    ("no-such-rev", "HEAD", "unknown git revision 'no-such-rev'"),
    ("c0", "deadbeef", "unknown git revision 'deadbeef'"),
    ("--output=/tmp/x", "HEAD", "unknown git revision"),
])
def test_unknown_revisions_are_user_errors(repo: Path, base: str, head: str,
                                           fragment: str) -> None:
    with pytest.raises(GitError, match=fragment):
        load_changeset(repo, base, head)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a git repository"):
        load_changeset(tmp_path, "HEAD~1", "HEAD")
