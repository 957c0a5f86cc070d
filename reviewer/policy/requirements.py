"""Required actions the policy demands when findings call for them (pure).

A requirement triggered by a finding adds its ``action`` and, for each section it names that
the pull-request description lacks, an action to add that section.
"""

from __future__ import annotations

from collections.abc import Sequence

from reviewer.analyzers.findings import Finding
from reviewer.policy.description import has_section
from reviewer.policy.model import Requirement


def required_actions(findings: Sequence[Finding], requirements: Sequence[Requirement],
                     description: str | None) -> list[str]:
    """Actions in policy order; waived findings trigger nothing."""
    actions: list[str] = []
    missing: dict[str, list[str]] = {}
    for requirement in requirements:
        trigger = next((f for f in findings
                        if not f.waived and requirement.triggered_by(f)), None)
        if trigger is None:
            continue
        because = (f"policy: {requirement.label}, e.g. {trigger.rule_id} at "
                   f"{trigger.path}:{trigger.line}")
        if requirement.action is not None:
            actions.append(f"{requirement.action} ({because})")
        for section in requirement.sections:
            if description is None or not has_section(description, section):
                missing.setdefault(section, []).append(because)
    for section, reasons in missing.items():
        where = ("the PR description has no filled-in" if description is not None
                 else "no PR description was given (--description FILE); it needs a")
        actions.append(f"describe the {section}: {where} '{section}' section "
                       f"({'; '.join(reasons)})")
    return actions
