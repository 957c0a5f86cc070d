"""The policy in effect, as plain records: what the pipeline, the reconciler and the narrative
read. Free of pydantic, so validated policies can be cached and the reconciler stays pure."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewer.analyzers.scope import Scope, ScopeClassifier
from reviewer.pathglob import matches_any
from reviewer.severity import FailOn, Severity

if TYPE_CHECKING:
    from reviewer.analyzers.findings import Finding

POLICY_NAMES = (".reviewer.yaml", ".reviewer.yml")
"""Looked up at the repository root (git mode) or the current directory (diff mode)."""


SELF_CONFIG = "reviewer.self-config"
"""The category of findings about the review's own configuration."""


class Origin(enum.StrEnum):
    DEFAULT = "default"
    CONFIG = "config"
    WORKING_DIRECTORY = "working-directory"
    BASE_REVISION = "base-revision"


@dataclass(frozen=True)
class PolicySource:
    """Where the policy came from; the report states it."""

    origin: Origin = Origin.DEFAULT
    path: str | None = None
    """The policy file as named: repository-relative in git mode."""
    revision: str | None = None
    """The commit the policy, its rule folders and its prompt folders were read from."""
    found: bool = True
    """False when git mode found no policy file at the base revision: defaults apply."""

    @property
    def label(self) -> str:
        """How messages name the file: ``<commit>:<path>`` when read from git."""
        if self.revision is not None and self.path is not None:
            return f"{self.revision[:12]}:{self.path}"
        return self.path or "<defaults>"

    def at(self, line: int | None) -> str:
        return f"{self.label}:{line}" if line else self.label

    def describe(self) -> str:
        if not self.found:
            return (f"no policy file at the base revision {(self.revision or '')[:12]}: "
                    "defaults apply (a policy added by this change applies after merge)")
        if self.origin == Origin.BASE_REVISION:
            return (f"policy {self.path} from the base revision {(self.revision or '')[:12]} "
                    "(edits to it in this change apply after merge)")
        if self.origin == Origin.CONFIG:
            return f"policy {self.path} (--config)"
        if self.origin == Origin.WORKING_DIRECTORY:
            return f"policy {self.path} from the current directory"
        return "no policy file: defaults"


@dataclass(frozen=True)
class LLMSettings:
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = None
    narrative_may_escalate: bool = True
    """Whether a concerned narrative may raise a pass to warn (never to block)."""


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

    source: PolicySource = PolicySource()
    fail_on: FailOn | None = None
    tiers: tuple[Tier, ...] = ()
    disabled: tuple[str, ...] = ()
    rule_paths: tuple[FolderRef, ...] = ()
    prompt_paths: tuple[FolderRef, ...] = ()
    overrides: tuple[SeverityOverride, ...] = ()
    exceptions: tuple[PolicyException, ...] = ()
    malformed: tuple[MalformedException, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    llm: LLMSettings = LLMSettings()
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


class ExceptionState(NamedTuple):
    """An exception as the report shows it: whether it works and how much it waived."""

    status: str
    """active | expired | malformed"""
    where: str
    rule: str | None
    path: str | None
    owner: str | None = None
    reason: str | None = None
    expires: datetime.date | None = None
    waived: int = 0
    problem: str | None = None


@dataclass(frozen=True)
class PolicyReport:
    """What the report says about the policy: where it came from and its exceptions."""

    source: PolicySource = PolicySource()
    fail_on: FailOn | None = None
    disabled: tuple[str, ...] = ()
    rule_folders: tuple[str, ...] = ()
    prompt_folders: tuple[str, ...] = ()
    exceptions: tuple[ExceptionState, ...] = ()

    def notes(self) -> tuple[str, ...]:
        """Lines for the report's notes: the source, and exceptions that no longer work."""
        if self.source.origin == Origin.DEFAULT:
            return ()
        out = [self.source.describe()]
        for e in self.exceptions:
            if e.status == "expired":
                out.append(f"policy exception for {e.rule} on {e.path} ({e.where}) expired on "
                           f"{e.expires.isoformat() if e.expires else '?'}: it waives nothing")
            elif e.status == "malformed":
                out.append(f"policy exception at {e.where} is malformed and waives nothing: "
                           f"{e.problem}")
        return tuple(out)


def policy_report(policy: Policy | None, waived: Mapping[str, int],
                  today: datetime.date | None) -> PolicyReport:
    """``waived``: how many findings each exception (by its ``where``) waived."""
    if policy is None:
        return PolicyReport()
    states = [ExceptionState("expired" if today is None or e.expired(today) else "active",
                             e.where, e.rule, e.path, e.owner, e.reason, e.expires,
                             waived.get(e.where, 0))
              for e in policy.exceptions]
    states += [ExceptionState("malformed", m.where, m.rule, m.path, problem=m.problem)
               for m in policy.malformed]
    states.sort(key=lambda s: _line(s.where))
    return PolicyReport(policy.source, policy.fail_on, policy.disabled,
                        tuple(ref.path for ref in policy.rule_paths),
                        tuple(ref.path for ref in policy.prompt_paths), tuple(states))


def _line(where: str) -> int:
    number = where.rpartition(":")[2]
    return int(number) if number.isdigit() else 0
