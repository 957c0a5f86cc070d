"""Reading the review's configuration from a git revision rather than the working tree.

In git mode the policy and the rule and prompt folders it names come from the base revision,
so the change under review cannot loosen the gate that reviews it.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from reviewer.cache import cache_dir
from reviewer.diff.git import run_git
from reviewer.errors import PolicyError


def first_file(root: Path, rev: str, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` (repository paths) that is a file at ``rev``."""
    out = run_git(root, "ls-tree", "-z", "--full-tree", rev, "--", *names)
    found = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        if meta.split()[1] == b"blob":
            found[path.decode("utf-8", "surrogateescape")] = True
    return next((name for name in names if name in found), None)


def read_text(root: Path, rev: str, path: str, where: str) -> str:
    data = run_git(root, "cat-file", "blob", f"{rev}:{path}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PolicyError("not UTF-8 text", where=where) from None


def materialize(root: Path, rev: str, folder: str, where: str) -> Path:
    """A local copy of ``folder`` as it is at ``rev``. Copies live in the cache under the
    folder's tree id, so an unchanged folder is copied once and its rules stay cached."""
    entry = run_git(root, "ls-tree", "-z", "--full-tree", rev, "--", folder.rstrip("/"))
    meta = entry.split(b"\t", 1)[0].split()
    if len(meta) != 3 or meta[1] != b"tree":
        raise PolicyError(f"folder {folder!r} does not exist at revision {rev[:12]}",
                          where=where)
    tree = meta[2].decode()
    target = cache_dir() / "trees" / tree
    if target.is_dir():
        return target
    archive = run_git(root, "archive", "--format=tar", tree)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
    except OSError:
        # No writable cache: a private copy for this run only.
        staging = Path(tempfile.mkdtemp(prefix="reviewer-tree-"))
        atexit.register(shutil.rmtree, staging, ignore_errors=True)
        _extract(archive, staging, folder, where)
        return staging
    _extract(archive, staging, folder, where)
    try:
        os.replace(staging, target)
    except OSError:  # another run put the same tree there first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _extract(archive: bytes, into: Path, folder: str, where: str) -> None:
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise PolicyError(f"cannot read folder {folder!r} from git: {exc}", where=where) from None
