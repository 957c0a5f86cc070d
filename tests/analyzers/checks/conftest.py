from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from reviewer.analyzers.context import Check, FileContext, Hit
from reviewer.analyzers.scope import Scope
from reviewer.diff.synthetic import changeset


def run_check(check: Check, path: str, before: str | None, after: str | None,
              options: Mapping[str, Any] | None = None, mode: str = "git") -> list[Hit]:
    """The check's hits on one file changed from ``before`` to ``after``; ``mode`` ``diff``
    drops the whole texts, as a bare diff would."""
    change = changeset([(path, before, after)], git=mode == "git").files[0]
    if mode == "diff":
        change = replace(change, before=None, after=None)
    return list(check(FileContext(change, Scope.DEFAULT), options or {}))


@pytest.fixture(params=["diff", "git"])
def hits(request: pytest.FixtureRequest) -> Callable[..., list[Hit]]:
    """``run_check`` in bare-diff and in git mode: every test using it runs in both."""
    def run(check: Check, path: str, before: str | None, after: str | None,
            options: Mapping[str, Any] | None = None) -> list[Hit]:
        return run_check(check, path, before, after, options, request.param)
    return run
