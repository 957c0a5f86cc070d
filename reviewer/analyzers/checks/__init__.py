"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Imported lazily: a review whose files no check applies to never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check

CHECK_NAMES = frozenset({"secrets"})
CHECK_NAMES |= {"injection"}


def checks() -> dict[str, Check]:
    from reviewer.analyzers.checks import secrets
    from reviewer.analyzers.checks.injection import check as injection_check

    registry: dict[str, Check] = {
        "secrets": secrets.check,
        "injection": injection_check,
    }
    assert set(registry) == CHECK_NAMES
    return registry
