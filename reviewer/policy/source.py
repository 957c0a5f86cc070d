"""Where the policy came from, and what the report says about it. Light on purpose: every
review imports this module, with or without a policy file."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewer.severity import FailOn

if TYPE_CHECKING:
    from reviewer.policy.model import Policy

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
            return (f"no {self.path} at the base revision {(self.revision or '')[:12]}: "
                    "defaults apply (a policy added by this change applies after merge)")
        if self.origin == Origin.BASE_REVISION:
            return (f"policy {self.path} from the base revision {(self.revision or '')[:12]} "
                    "(edits to it in this change apply after merge)")
        if self.origin == Origin.CONFIG:
            return f"policy {self.path} (--config)"
        if self.origin == Origin.WORKING_DIRECTORY:
            return f"policy {self.path} from the current directory"
        return "no policy file: defaults"


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


def locate_policy(config: Path | None = None, *, repo: Path | None = None,
                  base: str | None = None, cwd: Path | None = None) -> Policy | None:
    """The policy for a review, or None for the defaults. ``base`` means git mode: the policy
    is read from that revision. Otherwise ``config``, else a policy file in ``cwd``."""
    here = cwd or Path(".")
    if base is None and config is None:
        found = next((name for name in POLICY_NAMES if (here / name).is_file()), None)
        if found is None:
            return None
    from reviewer.policy import load

    return load.locate(config, repo=repo, base=base, cwd=here)
