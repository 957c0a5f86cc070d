"""What the other files of the same change do, for rules that must tell a move from a loss.

Splitting a file is routine: an alert moves to the owning team's rule file, a Terraform
``moved`` block sits in ``moved.tf`` beside the resource it renames. Judged one file at a
time, each looks like a deletion. A file's analysis can ask this view whether a removed line
comes back in another file of the change (at the same scope: a production alert moved into
a staging file is still gone from production), and which Terraform addresses the change
moves in the file's module.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Sequence

from reviewer.analyzers.scope import Scope, ScopeClassifier
from reviewer.diff.model import FileChange, LineKind

_MOVED = re.compile(r"(?m)^\s*moved\s*\{[^}]*?\bfrom\s*=\s*([\w.-]+)")
"""A Terraform ``moved`` block's source address (an index such as ``[0]`` is left off)."""
_DECLARED = re.compile(r'(?m)^\s*(resource|data|module)\s+"([\w-]+)"(?:\s+"([\w-]+)")?\s*\{')
"""A Terraform block that declares an address: ``resource "TYPE" "NAME" {``."""


def line_form(text: str) -> str:
    """What a line is compared by to tell a move from a change: a list element that moves
    to or from the end of a JSON array gains or loses its trailing comma."""
    return text.strip().removesuffix(",").rstrip()


def terraform_moves(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _MOVED.finditer(text))


def terraform_addresses(text: str) -> frozenset[str]:
    """Addresses the blocks in ``text`` declare (``aws_db_instance.main``, ``module.vpc``)."""
    out = set()
    for kind, first, second in _DECLARED.findall(text):
        if kind == "module":
            out.add(f"module.{first}")
        elif second:
            out.add(f"{'data.' if kind == 'data' else ''}{first}.{second}")
    return frozenset(out)


class Neighbours:
    """One change's files, read lazily: most reviews never ask."""

    def __init__(self, files: Sequence[FileChange], classifier: ScopeClassifier) -> None:
        self.files = files
        self.classifier = classifier

    @functools.cached_property
    def _added(self) -> dict[str, tuple[str, ...]]:
        """Each added line's form → the paths that add it (two at most: enough to know
        whether a path other than the asking one does)."""
        out: dict[str, tuple[str, ...]] = {}
        for change in self.files:
            for line in change.added_lines():
                form = line_form(line.text)
                if not form:
                    continue
                paths = out.get(form, ())
                if change.path not in paths and len(paths) < 2:
                    out[form] = (*paths, change.path)
        return out

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one instance per review, freed with it
    def _scope(self, path: str) -> Scope:
        return self.classifier.classify(path)

    def added_elsewhere(self, path: str, text: str) -> bool:
        """Whether another file of the change, at the same scope as ``path``, adds ``text``."""
        scope = self._scope(path)
        return any(other != path and self._scope(other) is scope
                   for other in self._added.get(line_form(text), ()))

    @functools.cached_property
    def _terraform_by_folder(self) -> dict[str, list[tuple[str, frozenset[str],
                                                            frozenset[str]]]]:
        """Per module folder: each changed .tf file's path, the addresses its ``moved``
        blocks send elsewhere, and the addresses it declares (new side, as far as seen)."""
        out: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
        for change in self.files:
            if not change.path.endswith(".tf"):
                continue
            text = change.after if change.after is not None else "\n".join(
                ln.text for ln in change.lines() if ln.kind is not LineKind.REMOVED)
            out.setdefault(posixpath.dirname(change.path), []).append(
                (change.path, terraform_moves(text), terraform_addresses(text)))
        return out

    def terraform_moved_near(self, path: str) -> frozenset[str]:
        """Addresses the module (folder) of ``path`` no longer holds where ``path`` had them:
        those its ``moved`` blocks send elsewhere, and those another changed file of it now
        declares (a block that left ``path`` for that file moved; Terraform addresses do not
        depend on the file)."""
        out: set[str] = set()
        for other, moves, declared in self._terraform_by_folder.get(posixpath.dirname(path),
                                                                     ()):
            out |= moves
            if other != path:
                out |= declared
        return frozenset(out)
