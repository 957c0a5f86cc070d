"""A case as a reviewer meets it: a git repository with the base and the pull-request branch,
and the ``git diff`` of that repository read as a bare diff."""

from __future__ import annotations

import enum
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from reviewer.diff.git import load_changeset, run_git
from reviewer.diff.model import ChangeSet, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.errors import GitError
from reviewer.evaluation.cases import DIFF_FILE, Case

BASE_BRANCH = "main"
HEAD_BRANCH = "change"

# Commits must not depend on who runs this: no user config, hooks, signing or clock.
_GIT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0"}
_COMMITTER = b"committer Case Author <cases@example.invalid> 1700000000 +0000\n"


class Mode(enum.Enum):
    """How a case is reviewed: from the bare diff alone, or in git mode with whole texts."""

    DIFF = "diff"
    GIT = "git"


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> None:
    proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                          check=False, env={**os.environ, **_GIT_ENV})
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {lines[-1] if lines else proc.returncode}")


def _quoted(path: str) -> str:
    """A path as fast-import reads it: C-style quoted when it could be misread."""
    if not any(ch in path for ch in '"\\\n') and not path.startswith(" "):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _commit(ref: str, mark: int, message: str, tree: Mapping[str, bytes],
            parent: int | None) -> bytes:
    data = message.encode()
    out = [f"commit refs/heads/{ref}\nmark :{mark}\n".encode(), _COMMITTER,
           f"data {len(data)}\n".encode(), data, b"\n"]
    if parent is not None:
        out.append(f"from :{parent}\ndeleteall\n".encode())
    for path, content in sorted(tree.items()):
        out.append(f"M 100644 inline {_quoted(path)}\ndata {len(content)}\n".encode())
        out.append(content + b"\n")
    return b"".join(out)


class Materialized(NamedTuple):
    """Where a case lives as git history: ``base`` holds ``before/``, ``head`` ``after/``."""

    repo: Path
    base: str
    head: str


def materialize_many(cases: Sequence[Case], dest: Path) -> dict[str, Materialized]:
    """One git repository at ``dest`` holding every case with trees as a pair of branches.

    One repository and one ``git fast-import`` for a whole corpus: creating and deleting a
    repository per case costs more than reviewing it."""
    dest.mkdir(parents=True, exist_ok=True)
    _git(dest, "init", "-q", "--template=", "-b", BASE_BRANCH)
    stream: list[bytes] = []
    made: dict[str, Materialized] = {}
    for number, case in enumerate(c for c in cases if not c.diff_only):
        base, head = ((BASE_BRANCH, HEAD_BRANCH) if len(cases) == 1
                      else (f"case-{number}-{BASE_BRANCH}", f"case-{number}-{HEAD_BRANCH}"))
        stream.append(_commit(base, 2 * number + 1, "base", case.before, None))
        stream.append(_commit(head, 2 * number + 2, case.name, case.after, 2 * number + 1))
        made[case.name] = Materialized(dest, base, head)
    _git(dest, "fast-import", "--quiet", "--done", stdin=b"".join(stream) + b"done\n")
    return made


def materialize(case: Case, dest: Path) -> Materialized:
    """A git repository at ``dest``: ``main`` holds ``before/``, ``change`` holds ``after/``."""
    if case.diff_only:
        raise ValueError(f"case {case.name} gives only a {DIFF_FILE}: it has no trees")
    return materialize_many([case], dest)[case.name]


def git_diff(where: Materialized) -> str:
    """What ``git diff base...head`` prints, as a pull request shows it."""
    raw = run_git(where.repo, "diff", "--no-ext-diff", "--no-textconv", "--find-renames",
                  "--src-prefix=a/", "--dst-prefix=b/", f"{where.base}...{where.head}", "--")
    return raw.decode("utf-8", "replace")


def diff_text(case: Case, where: Materialized | None) -> str:
    """The case's change as a unified diff: its own ``change.diff``, or its repository's."""
    if case.diff is not None:
        return case.diff
    if where is None:
        raise ValueError(f"case {case.name} has trees but was not materialized")
    return git_diff(where)


def changes_for(case: Case, mode: Mode, where: Materialized | None, *,
                keep_repo: bool = False) -> ChangeSet | None:
    """The change in ``mode``, from the case's repository (``where``) or its own diff; None
    when the case cannot be read that way (a bare-diff-only case has no git mode).
    ``keep_repo`` leaves the repository in the git-mode source, for the narrative's tools."""
    if case.diff is not None:
        if mode is Mode.GIT:
            return None
        return parse_diff(case.diff, Source(SourceMode.DIFF, str(case.folder / DIFF_FILE)))
    if mode is Mode.DIFF:
        return parse_diff(diff_text(case, where), Source(SourceMode.DIFF, case.name))
    if where is None:
        raise ValueError(f"case {case.name} has trees but was not materialized")
    changes = load_changeset(where.repo, where.base, where.head)
    repo = changes.source.repo if keep_repo else None
    return replace(changes, source=replace(changes.source, label=case.name, repo=repo))
