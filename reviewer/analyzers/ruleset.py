"""Rules as the engine runs them: plain records compiled from validated rule files.

Keeping these free of pydantic lets a review start without importing it when the validated
rules come from the cache (see rule_cache).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from reviewer.analyzers.scope import Scope
from reviewer.errors import RuleError
from reviewer.pathglob import matches as glob_matches
from reviewer.severity import Severity


@dataclass(frozen=True, eq=False)
class CompiledMatch:
    """One way a rule matches (see rule_model.Match). Compared by identity, so matchers can
    keep per-match work (compiled predicates) keyed on the object."""

    kind: str
    """key | lines | file | combination | analyzer"""
    key: tuple[str, ...] = ()
    predicates: Mapping[str, Any] = field(default_factory=dict)
    unless_value: str | None = None
    unless_key: tuple[str, ...] = ()
    unless_moved: bool = False
    added_lines: tuple[str, ...] = ()
    removed_lines: tuple[str, ...] = ()
    unless_line: tuple[str, ...] = ()
    ignore_moved: bool = True
    file: str | None = None
    all_of: tuple[str | tuple[str, ...] | Mapping[str, str], ...] = ()
    same_file: bool = False
    analyzer: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    when_file_contains: tuple[str, ...] = ()
    unless_file_contains: tuple[str, ...] = ()
    new_files: bool = True
    when_block_contains: tuple[str, ...] = ()
    unless_block_contains: tuple[str, ...] = ()
    block_levels: int = 1
    when_scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledRule:
    id: str
    title: str
    category: str
    severity: Severity
    message: str
    remediation: str
    files: tuple[str, ...]
    exclude: tuple[str, ...]
    scope: Mapping[Scope, Severity]
    match: tuple[CompiledMatch, ...]
    confidence: str = "medium"

    @property
    def is_combination(self) -> bool:
        return any(m.kind == "combination" for m in self.match)


@dataclass(frozen=True, eq=False)
class RuleSet:
    rules: tuple[CompiledRule, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    """Rule id to the file it came from."""

    @functools.cached_property
    def _by_id(self) -> dict[str, CompiledRule]:
        return {r.id: r for r in self.rules}

    def get(self, rule_id: str) -> CompiledRule | None:
        return self._by_id.get(rule_id)

    @functools.cached_property
    def direct(self) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.rules if not r.is_combination)

    @functools.cached_property
    def combinations(self) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.rules if r.is_combination)

    @functools.cached_property
    def _applicable(self) -> dict[str, tuple[CompiledRule, ...]]:
        return {}

    @functools.cached_property
    def _globs(self) -> tuple[tuple[CompiledRule, _Globs, _Globs], ...]:
        return tuple((r, _globs_of(r.files), _globs_of(r.exclude)) for r in self.direct)

    @functools.cached_property
    def _groups(self) -> tuple[tuple[_Globs, _Globs, tuple[int, ...]], ...]:
        """Rules grouped by their (files, exclude) globs: many rules share a list, and each
        list is tested once per path."""
        groups: dict[tuple[int, int], tuple[_Globs, _Globs, list[int]]] = {}
        for position, (_, files, exclude) in enumerate(self._globs):
            groups.setdefault((id(files), id(exclude)), (files, exclude, []))[2].append(position)
        return tuple((f, e, tuple(p)) for f, e, p in groups.values())

    @functools.cached_property
    def _by_ending(self) -> tuple[tuple[tuple[str, frozenset[int]], ...], frozenset[int]]:
        """Group positions by the literal endings their globs need, and the positions of
        groups that may match any path: a path is tested only against groups it could match."""
        endings: dict[str, set[int]] = {}
        anywhere: set[int] = set()
        for position, (files, _, _) in enumerate(self._groups):
            if files.endings is None:
                anywhere.add(position)
            else:
                for ending in files.endings:
                    endings.setdefault(ending, set()).add(position)
        return (tuple((e, frozenset(p)) for e, p in endings.items()), frozenset(anywhere))

    def for_path(self, path: str) -> tuple[CompiledRule, ...]:
        cached = self._applicable.get(path)
        if cached is None:
            by_ending, anywhere = self._by_ending
            candidates = set(anywhere)
            for ending, groups in by_ending:
                if path.endswith(ending):
                    candidates |= groups
            chosen: list[int] = []
            for group in candidates:
                files, exclude, members = self._groups[group]
                if files.match(path) and not exclude.match(path):
                    chosen.extend(members)
            rules = self._globs
            cached = tuple(rules[i][0] for i in sorted(chosen))
            self._applicable[path] = cached
        return cached

    def without(self, disabled: Iterable[str]) -> RuleSet:
        gone = set(disabled)
        return RuleSet(tuple(r for r in self.rules if r.id not in gone),
                       {k: v for k, v in self.sources.items() if k not in gone})


_WILDCARDS = re.compile(r"[*?\[\]{}]")


@functools.lru_cache(maxsize=4096)
def _literal_tail(glob: str) -> str:
    """The text after a glob's last wildcard (``.sql`` for ``**/*.sql``); a leading ``/``
    is dropped because ``**/`` may match nothing (``**/Dockerfile`` matches ``Dockerfile``)."""
    parts = _WILDCARDS.split(glob)
    return parts[-1].lstrip("/") if len(parts) > 1 else ""


class _Globs(NamedTuple):
    """A rule's globs with the literal ending each needs: a path without any of those
    endings is ruled out by one ``str.endswith`` before a glob regex is compiled or run
    (with many rules, that costs more than the review itself)."""

    pairs: tuple[tuple[str, str], ...]
    endings: tuple[str, ...] | None
    """None when some glob can match any ending."""

    @classmethod
    def of(cls, globs: tuple[str, ...]) -> _Globs:
        pairs = tuple((g, _literal_tail(g)) for g in globs)
        tails = tuple(t for _, t in pairs)
        return cls(pairs, None if "" in tails else tails)

    def match(self, path: str) -> bool:
        if not self.pairs or (self.endings is not None and not path.endswith(self.endings)):
            return False
        return any(path.endswith(tail) and glob_matches(path, glob)
                   for glob, tail in self.pairs)


def rule_files(folders: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            raise RuleError("rules folder not found", where=str(folder))
        files.extend(sorted(p for p in folder.iterdir()
                            if p.suffix in (".yaml", ".yml") and p.is_file()))
    return files


@functools.lru_cache(maxsize=4096)
def _globs_of(globs: tuple[str, ...]) -> _Globs:
    return _Globs.of(globs)


def globs_match(globs: tuple[str, ...], path: str) -> bool:
    """Whether any of a rule's globs matches ``path``."""
    return _globs_of(globs).match(path)
