"""Python checks that rules can name with ``match: {analyzer: NAME}``; one explicit registry.

Imported lazily: a review whose files no check applies to never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.analyzers.context import Check

CHECK_NAMES = frozenset({
    "secrets",
    "alert_threshold",
    "ci_tests",
    "codeowners",
    "dependency_pins",
    "dockerfile",
    "killswitch",
    "net_removed",
    "platform_version",
    "renovate",
    "schedule",
    "injection",
})


def checks() -> dict[str, Check]:
    from reviewer.analyzers.checks import (
        alert_threshold,
        ci_tests,
        codeowners,
        dependency_pins,
        dockerfile,
        killswitch,
        net_removed,
        platform_version,
        renovate,
        schedule,
        secrets,
    )
    from reviewer.analyzers.checks.injection import check as injection_check

    registry: dict[str, Check] = {
        "secrets": secrets.check,
        "alert_threshold": alert_threshold.check,
        "ci_tests": ci_tests.check,
        "codeowners": codeowners.check,
        "dependency_pins": dependency_pins.check,
        "dockerfile": dockerfile.check,
        "killswitch": killswitch.check,
        "net_removed": net_removed.check,
        "platform_version": platform_version.check,
        "renovate": renovate.check,
        "schedule": schedule.check,
        "injection": injection_check,
    }
    assert set(registry) == CHECK_NAMES
    return registry
