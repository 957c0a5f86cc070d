from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from reviewer.analyzers.checks import checks
from reviewer.analyzers.context import Check, FileContext, Hit
from reviewer.analyzers.scope import Scope, ScopeClassifier
from reviewer.diff.synthetic import changeset

Found = list[tuple[int, str, str]]
"""(line, side, what) of each hit, sorted."""
RunCheck = Callable[..., Found]


def check_hits(check: Check, path: str, before: str | None, after: str | None,
               options: Mapping[str, Any] | None = None, mode: str = "git") -> list[Hit]:
    """The check's hits on one file changed from ``before`` to ``after``; ``mode`` ``diff``
    drops the whole texts, as a bare diff would."""
    change = changeset([(path, before, after)], git=mode == "git").files[0]
    if mode == "diff":
        change = replace(change, before=None, after=None)
    return list(check(FileContext(change, Scope.DEFAULT), options or {}))


@pytest.fixture(params=["diff", "git"])
def hits(request: pytest.FixtureRequest) -> Callable[..., list[Hit]]:
    """``check_hits`` in bare-diff and in git mode: every test using it runs in both."""
    def run(check: Check, path: str, before: str | None, after: str | None,
            options: Mapping[str, Any] | None = None) -> list[Hit]:
        return check_hits(check, path, before, after, options, request.param)
    return run


def _run(name: str, path: str, before: str | None, after: str | None,
         options: Mapping[str, Any] | None = None, *, mode: str = "both",
         key: str = "what") -> Found:
    """Hits of check ``name`` on one file; with ``mode="both"`` bare-diff and git mode must
    agree, and their common answer is returned."""
    results = []
    for git in ((False, True) if mode == "both" else (mode == "git",)):
        change = changeset([(path, before, after)], git=git).files[0]
        if not git:
            change = replace(change, before=None, after=None)
        ctx = FileContext(change, ScopeClassifier().classify(path))
        found = checks()[name](ctx, options or {})
        results.append(sorted((h.line, h.side.value, h.values.get(key, h.evidence))
                              for h in found))
    if len(results) == 2:
        assert results[0] == results[1], f"bare diff {results[0]} != git {results[1]}"
    return results[0]


@pytest.fixture
def run_check() -> RunCheck:
    """A check by registry name, run in both modes which must agree."""
    return _run
