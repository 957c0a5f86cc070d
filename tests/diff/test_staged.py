"""``reviewer review --staged``: what the next commit would record (HEAD → index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.diff.git import load_staged
from reviewer.diff.model import FileStatus
from tests.conftest import git, make_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", [
        {"deploy/prod/api/deployment.yaml": "spec:\n  replicas: 12\n", "notes.txt": "a\n"}])


def test_staged_texts_come_from_the_index_not_the_working_tree(repo: Path) -> None:
    target = repo / "deploy/prod/api/deployment.yaml"
    target.write_text("spec:\n  replicas: 1\n")
    git(repo, "add", "deploy/prod/api/deployment.yaml")
    target.write_text("spec:\n  replicas: 30\n")  # unstaged: not part of the commit
    (repo / "new.txt").write_text("untracked\n")
    changes = load_staged(repo)
    assert [(f.path, f.status) for f in changes.files] == [
        ("deploy/prod/api/deployment.yaml", FileStatus.MODIFIED)]
    staged = changes.files[0]
    assert (staged.before, staged.after) == ("spec:\n  replicas: 12\n", "spec:\n  replicas: 1\n")
    assert changes.source.base == git(repo, "rev-parse", "HEAD").strip()


def test_first_commit_reviews_everything_staged(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "flags.json").write_text('{"rollout": 100}\n')
    git(repo, "add", "flags.json")
    changes = load_staged(repo)
    assert [(f.path, f.status, f.after) for f in changes.files] == [
        ("flags.json", FileStatus.ADDED, '{"rollout": 100}\n')]


def test_cli_staged_blocks_a_risky_commit(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / "deploy/prod/api/deployment.yaml").write_text("spec:\n  replicas: 1\n")
    result = cli("review", "--staged", "--repo", str(repo), "--no-llm", "--format", "json")
    assert result.code == 0  # nothing staged yet
    assert json.loads(result.out)["findings"] == []
    git(repo, "add", "-A")
    result = cli("review", "--staged", "--repo", str(repo), "--no-llm", "--format", "json")
    assert result.code == 1
    finding = json.loads(result.out)["findings"][0]
    assert (finding["rule_id"], finding["path"], finding["line"], finding["before"],
            finding["after"]) == ("k8s-replicas-cut", "deploy/prod/api/deployment.yaml", 2,
                                  "12", "1")


@pytest.mark.parametrize("extra", [["x.diff"], ["--base", "HEAD~1"], ["--head", "HEAD"]])
def test_staged_excludes_other_inputs(cli, repo: Path, extra: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", "--staged", "--repo", str(repo), *extra)
    assert result.code == 2
    assert "--staged reviews the index against HEAD" in result.err


def test_the_pre_commit_hook_runs_this_review(cli, repo: Path) -> None:  # type: ignore[no-untyped-def]
    import shlex

    import yaml

    from tests.conftest import ROOT

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("reviewer", "python", False)
    program, *args = shlex.split(hook["entry"])
    assert program == "reviewer"
    (repo / "deploy/prod/api/deployment.yaml").write_text("spec:\n  replicas: 1\n")
    git(repo, "add", "-A")
    result = cli(*args, "--repo", str(repo))
    assert result.code == 1 and result.out.startswith("BLOCK")
