"""The policy in effect, as plain records: what the pipeline, the reconciler and the narrative
read. Free of pydantic, so validated policies can be cached and the reconciler stays pure."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewer.analyzers.scope import Scope, ScopeClassifier
from reviewer.pathglob import matches_any
from reviewer.policy.source import PolicySource
from reviewer.severity import FailOn, Severity

if TYPE_CHECKING:
    from reviewer.analyzers.findings import Finding


@dataclass(frozen=True)
class LLMSettings:
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    narrative_may_escalate: bool = True
    """Whether a concerned narrative may raise a pass to warn (never to block)."""
    prompt: str | None = None
    """``name@vN`` of the narrative prompt; None for the bundled default."""


class Tier(NamedTuple):
    name: str
    paths: tuple[str, ...]
    scope: str | None
    """A scope value (prod, control-plane, nonprod, test): rules see these paths so."""
    shift: str | None
    """raise | lower: move findings here one step after the rule's own scope handling."""
    where: str

    def covers(self, path: str) -> bool:
        return matches_any(path, self.paths)


class SeverityOverride(NamedTuple):
    rule: str | None
    category: str | None
    paths: tuple[str, ...]
    severity: Severity
    where: str

    def selects(self, rule_id: str, category: str, path: str) -> bool:
        return ((self.rule is None or rule_id == self.rule)
                and (self.category is None or category == self.category)
                and (not self.paths or matches_any(path, self.paths)))


class PolicyException(NamedTuple):
    """A standing waiver recorded in the policy: one rule, one path glob, owned, dated."""

    rule: str
    path: str
    reason: str
    owner: str
    expires: datetime.date
    where: str

    def names(self, finding: Finding) -> bool:
        return finding.rule_id == self.rule and matches_any(finding.path, (self.path,))

    def expired(self, today: datetime.date) -> bool:
        """Valid through its expiry date."""
        return today > self.expires


class MalformedException(NamedTuple):
    """An exception entry that does not validate: it waives nothing and is reported."""

    where: str
    problem: str
    rule: str | None = None
    path: str | None = None


class Requirement(NamedTuple):
    """What the policy demands when findings match: description sections and/or an action."""

    label: str
    """The condition in words: "block findings on prod paths"."""
    rules: tuple[str, ...]
    categories: tuple[str, ...]
    severity: Severity | None
    scopes: tuple[str, ...]
    tier_paths: tuple[str, ...]
    paths: tuple[str, ...]
    sections: tuple[str, ...]
    action: str | None
    where: str

    def triggered_by(self, finding: Finding) -> bool:
        return ((not self.rules or finding.rule_id in self.rules)
                and (not self.categories or finding.category in self.categories)
                and (self.severity is None or finding.severity >= self.severity)
                and (not self.scopes or finding.scope in self.scopes)
                and (not self.tier_paths or matches_any(finding.path, self.tier_paths))
                and (not self.paths or matches_any(finding.path, self.paths)))


class FolderRef(NamedTuple):
    """An extra rule or prompt folder as the policy names it."""

    path: str
    where: str


class RuleRef(NamedTuple):
    """A rule id the policy names, to check against the loaded rules."""

    rule: str
    field: str
    where: str


@dataclass(frozen=True)
class Policy:
    """A validated policy with its folders resolved (and, in git mode, read from the base)."""

    source: PolicySource = field(default_factory=PolicySource)
    fail_on: FailOn | None = None
    tiers: tuple[Tier, ...] = ()
    disabled: tuple[str, ...] = ()
    rule_paths: tuple[FolderRef, ...] = ()
    prompt_paths: tuple[FolderRef, ...] = ()
    overrides: tuple[SeverityOverride, ...] = ()
    exceptions: tuple[PolicyException, ...] = ()
    malformed: tuple[MalformedException, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    llm: LLMSettings = field(default_factory=LLMSettings)
    refs: tuple[RuleRef, ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    """The extra rule folders as read: in git mode, copies of the base revision's folders."""
    prompt_dirs: tuple[Path, ...] = ()
    """The extra prompt folders as read, like ``rule_dirs``."""
    folder_names: Mapping[str, str] = field(default_factory=dict)
    """Each read folder (as a string) to the name messages use for it."""
    config_globs: tuple[str, ...] = ()
    """Repository paths that configure this review (policy file, its folders)."""

    def classifier(self) -> ScopeClassifier:
        globs: dict[Scope, tuple[str, ...]] = {}
        for tier in self.tiers:
            if tier.scope is not None:
                scope = Scope(tier.scope)
                globs[scope] = globs.get(scope, ()) + tier.paths
        return ScopeClassifier(globs=globs)

    def display(self, text: str) -> str:
        """``text`` with read-folder paths replaced by the names users know them by."""
        for folder, name in self.folder_names.items():
            text = text.replace(folder, name)
        return text
