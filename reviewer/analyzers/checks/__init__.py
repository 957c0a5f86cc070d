"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Imported lazily: a review whose files no check applies to never loads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check, FileContext, Hit

CHECK_NAMES = frozenset({"secrets"})
_LAZY_CHECKS = {
    "migration": "migrations",
    "flag-reuse": "flags",
    "open-route-term": "routing",
    "dns-zone": "dns_zone",
    "prod-identifier": "topology",
    "costly-regex": "regex_sources",
    "size-limit": "size_limit",
}
"""Check name → module: imported on first use, so a review pays only for the checks its
files need (sqlglot, for one, is loaded only when a SQL file changes)."""
CHECK_NAMES = CHECK_NAMES | frozenset(_LAZY_CHECKS)


def checks() -> dict[str, Check]:
    from reviewer.analyzers.checks import secrets

    registry: dict[str, Check] = {
        "secrets": secrets.check,
    }
    registry.update({name: _lazy(module) for name, module in _LAZY_CHECKS.items()})
    assert set(registry) == CHECK_NAMES
    return registry


def _lazy(module: str) -> Check:
    def run(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
        import importlib

        loaded = importlib.import_module(f"reviewer.analyzers.checks.{module}")
        found: Iterable[Hit] = loaded.check(ctx, options)
        return found

    return run
