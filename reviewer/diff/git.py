"""Git mode: ask git for the diff between two revisions and the full text on each side."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

from reviewer.diff.model import ChangeSet, FileChange, FileStatus, Source, SourceMode
from reviewer.diff.parse import REPLACEMENT_NOTE, decode, parse_diff
from reviewer.errors import GitError

MAX_TEXT_BYTES = 8 * 1024 * 1024
"""Files larger than this are reviewed from the diff alone (no full-text parsing)."""

INDEX = ":index"
"""Stands for the staged changes as a ``head``: ``--staged`` reviews HEAD → index."""
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's id for the empty tree: the base of a repository with no commit yet."""

_GIT_CONFIG = ("-c", "core.quotePath=true", "-c", "diff.noprefix=false",
               "-c", "diff.mnemonicPrefix=false", "-c", "color.ui=never")


def run_git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``repo`` and return stdout; a failure becomes a GitError with git's words."""
    try:
        proc = subprocess.run(["git", *_GIT_CONFIG, "-C", str(repo), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


def repo_root(repo: Path) -> Path:
    if not repo.is_dir():
        raise GitError(f"not a directory: {repo}")
    try:
        out = run_git(repo, "rev-parse", "--show-toplevel")
    except GitError:
        raise GitError(f"not a git repository: {repo}") from None
    return Path(out.decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """Full commit id of ``rev``, or a GitError naming the revision."""
    if rev.startswith("-"):
        raise GitError(f"unknown git revision {rev!r}")
    try:
        out = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
                      f"{rev}^{{commit}}")
    except GitError:
        raise GitError(f"unknown git revision {rev!r} in {repo}") from None
    return out.decode().strip()


def merge_base(repo: Path, base: str, head: str) -> str | None:
    try:
        return run_git(repo, "merge-base", base, head).decode().strip() or None
    except GitError:
        return None


def load_changeset(repo: Path, base: str, head: str) -> ChangeSet:
    """The change a pull request from ``head`` into ``base`` brings, as a reviewer sees it.

    Like ``git diff base...head``: compared against the merge base, so commits that landed
    on the base branch meanwhile are not attributed to this change.
    """
    if head == INDEX:
        return load_staged(repo, base)
    root = repo_root(repo)
    base_id = resolve(root, base)
    head_id = resolve(root, head)
    fork_point = merge_base(root, base_id, head_id)
    notes: tuple[str, ...] = ()
    if fork_point is None:
        fork_point = base_id
        notes = (f"{base} and {head} share no history; compared directly",)
    raw = run_git(root, "diff", "--no-ext-diff", "--no-textconv", "--find-renames",
                  "--src-prefix=a/", "--dst-prefix=b/", fork_point, head_id, "--")
    source = Source(SourceMode.GIT, f"{base}...{head}", base=base_id, head=head_id,
                    repo=str(root))
    changes = parse_diff(raw, source)
    files = _with_texts(root, changes.files, fork_point, head_id)
    return ChangeSet(files=files, source=source, notes=(*changes.notes, *notes))


def load_staged(repo: Path, base: str = "HEAD") -> ChangeSet:
    """What ``git commit`` would record now: ``base`` (HEAD) against the index.

    For pre-commit hooks. Texts come from the index (``:path``), not the working tree, so
    unstaged edits are not reviewed.
    """
    root = repo_root(repo)
    try:
        base_id = resolve(root, base)
    except GitError:
        if base != "HEAD":
            raise
        base_id = _EMPTY_TREE  # no commit yet: everything staged is new
    raw = run_git(root, "diff", "--cached", "--no-ext-diff", "--no-textconv", "--find-renames",
                  "--src-prefix=a/", "--dst-prefix=b/", base_id, "--")
    source = Source(SourceMode.GIT, f"{base}...staged", base=base_id, head=None, repo=str(root))
    changes = parse_diff(raw, source)
    # An empty revision before the colon names the index: ":path" is the staged blob.
    files = _with_texts(root, changes.files, base_id, "")
    return ChangeSet(files=files, source=source, notes=changes.notes)


def _with_texts(root: Path, files: tuple[FileChange, ...], old_rev: str,
                new_rev: str) -> tuple[FileChange, ...]:
    wanted: list[str] = []
    for change in files:
        if change.binary or change.is_submodule:
            continue
        if change.status is not FileStatus.ADDED:
            wanted.append(f"{old_rev}:{change.old_path or change.path}")
        if change.status is not FileStatus.DELETED:
            wanted.append(f"{new_rev}:{change.path}")
    blobs = _cat_files(root, wanted)
    result = []
    for change in files:
        if change.binary or change.is_submodule:
            result.append(change)
            continue
        before = blobs.get(f"{old_rev}:{change.old_path or change.path}")
        after = blobs.get(f"{new_rev}:{change.path}")
        notes = list(change.notes)
        texts: list[str | None] = []
        for blob in (before, after):
            if blob is None:
                texts.append(None)
            elif len(blob) > MAX_TEXT_BYTES:
                texts.append(None)
                note = f"larger than {MAX_TEXT_BYTES // 2**20} MiB: reviewed from the diff only"
                if note not in notes:
                    notes.append(note)
            else:
                text, replaced = decode(blob)
                texts.append(text.replace("\r\n", "\n"))
                if replaced and REPLACEMENT_NOTE not in notes:
                    notes.append(REPLACEMENT_NOTE)
        result.append(replace(change, before=texts[0], after=texts[1], notes=tuple(notes)))
    return tuple(result)


def _cat_files(root: Path, specs: list[str]) -> dict[str, bytes]:
    """Read many blobs with one ``git cat-file --batch`` process."""
    specs = [s for s in specs if "\n" not in s]
    if not specs:
        return {}
    out = run_git(root, "cat-file", "--batch", stdin="".join(s + "\n" for s in specs).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for spec in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "missing", or a submodule / tree entry
        size = int(header[2])
        blobs[spec] = out[pos:pos + size]
        pos += size + 1
    return blobs
