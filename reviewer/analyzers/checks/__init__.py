"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Imported lazily: a review whose files no check applies to never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check

CHECK_NAMES = frozenset({
    "secrets",
    "ci_tests",
    "codeowners",
})


def checks() -> dict[str, Check]:
    from reviewer.analyzers.checks import ci_tests, codeowners, secrets

    registry: dict[str, Check] = {
        "secrets": secrets.check,
        "ci_tests": ci_tests.check,
        "codeowners": codeowners.check,
    }
    assert set(registry) == CHECK_NAMES
    return registry
