"""The rule folders as they were at another git revision, to measure a rule change.

Each folder is read from the repository that holds it (the project's own ``rules/``, or a
team's folder in its own repository) with one ``git archive`` into a temporary folder, so the
working tree is never touched. Only the rule files come from that revision: the Python checks
and the engine are the ones installed now.
"""

from __future__ import annotations

import io
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from reviewer.analyzers.ruleset import RuleSet
from reviewer.diff.git import repo_root, resolve, run_git
from reviewer.errors import GitError, RuleError, UserError


@contextmanager
def rules_at(revision: str, folders: Sequence[Path]) -> Iterator[list[Path]]:
    """The copies of ``folders`` at ``revision``, alive inside the ``with``."""
    with tempfile.TemporaryDirectory(prefix="reviewer-rules-at-") as tmp:
        copies = []
        for number, folder in enumerate(folders):
            copies.append(_extract(revision, folder, Path(tmp) / str(number)))
        yield copies


def _extract(revision: str, folder: Path, dest: Path) -> Path:
    try:
        root = repo_root(folder)
    except GitError:
        raise UserError(f"--compare reads rules from git, but {folder} is not in a git "
                        "repository") from None
    commit = resolve(root, revision)
    inside = folder.resolve().relative_to(root.resolve()).as_posix()
    try:
        data = run_git(root, "archive", "--format=tar", commit, "--", inside)
    except GitError:
        raise UserError(f"{inside}/ does not exist at {revision}", where=str(root)) from None
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(dest, filter="data")
    return dest / inside


def load_rules_at(revision: str, copies: Sequence[Path], folders: Sequence[Path]) -> RuleSet:
    """The rule set from the copies, with errors naming the files as ``REV:path``."""
    from reviewer.analyzers.rule_loader import load_rulebook

    try:
        # Not through the rule cache: the copies live in a new temporary folder each time.
        return load_rulebook(list(copies)).compiled()
    except RuleError as exc:
        message, where = exc.message, exc.where or ""
        for copy, folder in zip(copies, folders, strict=True):
            where = where.replace(str(copy), f"{revision}:{folder}")
            message = message.replace(str(copy), f"{revision}:{folder}")
        raise RuleError(f"the rules at {revision} do not load with this reviewer: {message}",
                        where=where or None) from None
