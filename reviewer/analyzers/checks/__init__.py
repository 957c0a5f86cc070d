"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Each check is a module with a ``check(ctx, options)`` function, imported on first use: a
review pays only for the checks its files need (sqlglot, for one, is loaded only when a SQL
file changes).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check, FileContext, Hit

_CHECKS: dict[str, str] = {
    # check name: module in this package
    "secrets": "secrets",
    "injection": "injection",
    "alert_threshold": "alert_threshold",
    "ci_tests": "ci_tests",
    "codeowners": "codeowners",
    "dependency_pins": "dependency_pins",
    "dockerfile": "dockerfile",
    "killswitch": "killswitch",
    "net_removed": "net_removed",
    "platform_version": "platform_version",
    "renovate": "renovate",
    "schedule": "schedule",
    "migration": "migrations",
    "flag-reuse": "flags",
    "open-route-term": "routing",
    "dns-zone": "dns_zone",
    "external-dns-hostnames": "external_dns",
    "prod-identifier": "topology",
    "costly-regex": "regex_sources",
    "size-limit": "size_limit",
    "nginx-rate": "nginx_limits",
    "limit-guard": "guards",
    "blank-values": "blank_values",
}
CHECK_NAMES = frozenset(_CHECKS)


@functools.lru_cache(maxsize=1)
def checks() -> dict[str, Check]:
    return {name: _lazy(module) for name, module in _CHECKS.items()}


def check_module(name: str) -> ModuleType | None:
    """The module that implements check ``name`` (its docstring documents it)."""
    import importlib

    module = _CHECKS.get(name)
    return importlib.import_module(f"reviewer.analyzers.checks.{module}") if module else None


def _lazy(module: str) -> Check:
    def run(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
        import importlib

        loaded = importlib.import_module(f"reviewer.analyzers.checks.{module}")
        found: Iterable[Hit] = loaded.check(ctx, options)
        return found

    return run
