from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from reviewer.analyzers.checks import checks
from reviewer.analyzers.context import FileContext
from reviewer.analyzers.scope import ScopeClassifier
from reviewer.diff.synthetic import changeset

Found = list[tuple[int, str, str]]
"""(line, side, what) of each hit, sorted."""
RunCheck = Callable[..., Found]


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
        hits = checks()[name](ctx, options or {})
        results.append(sorted((h.line, h.side.value, h.values.get(key, h.evidence))
                              for h in hits))
    if len(results) == 2:
        assert results[0] == results[1], f"bare diff {results[0]} != git {results[1]}"
    return results[0]


@pytest.fixture
def run_check() -> RunCheck:
    return _run
