"""Severity of a finding, verdict of a review, and how --fail-on maps them to exit codes."""

from __future__ import annotations

import enum
import functools


@functools.total_ordering
class Severity(enum.Enum):
    """How bad one finding is. Ordered: info < warn < block."""

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def lowered(self) -> Severity:
        """One step down, never below info."""
        return _BY_RANK[max(self.rank - 1, 0)]

    def raised(self) -> Severity:
        """One step up, never above block."""
        return _BY_RANK[min(self.rank + 1, 2)]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARN: 1, Severity.BLOCK: 2}
_BY_RANK = {rank: sev for sev, rank in _SEVERITY_RANK.items()}


@functools.total_ordering
class Verdict(enum.Enum):
    """Outcome of a review. Ordered: pass < warn < block."""

    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _VERDICT_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Verdict):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def of(cls, severity: Severity) -> Verdict:
        """The verdict a single finding of this severity implies (info implies pass)."""
        return _VERDICT_OF[severity]


_VERDICT_RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.BLOCK: 2}
_VERDICT_OF = {Severity.INFO: Verdict.PASS, Severity.WARN: Verdict.WARN,
               Severity.BLOCK: Verdict.BLOCK}


class FailOn(enum.Enum):
    """The --fail-on threshold: the lowest verdict that makes the exit code 1."""

    BLOCK = "block"
    WARN = "warn"
    NEVER = "never"


EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def exit_code(verdict: Verdict, fail_on: FailOn) -> int:
    """Exit code for a completed review: a function of the final verdict and --fail-on alone."""
    if fail_on is FailOn.NEVER:
        return EXIT_OK
    threshold = Verdict.BLOCK if fail_on is FailOn.BLOCK else Verdict.WARN
    return EXIT_GATE if verdict >= threshold else EXIT_OK
