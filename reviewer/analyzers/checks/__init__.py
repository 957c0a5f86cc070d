"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Imported lazily: a review whose files no check applies to never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check

CHECK_NAMES = frozenset({"secrets"})
_MIGRATION_AND_CONFIG_CHECKS = frozenset({
    "migration", "flag-reuse", "open-route-term", "dns-zone", "prod-identifier",
    "costly-regex", "size-limit",
})
CHECK_NAMES = CHECK_NAMES | _MIGRATION_AND_CONFIG_CHECKS


def checks() -> dict[str, Check]:
    from reviewer.analyzers.checks import (
        dns_zone,
        flags,
        migrations,
        regex_sources,
        routing,
        secrets,
        size_limit,
        topology,
    )

    registry: dict[str, Check] = {
        "secrets": secrets.check,
        "migration": migrations.check,
        "flag-reuse": flags.check,
        "open-route-term": routing.check,
        "dns-zone": dns_zone.check,
        "prod-identifier": topology.check,
        "costly-regex": regex_sources.check,
        "size-limit": size_limit.check,
    }
    assert set(registry) == CHECK_NAMES
    return registry
