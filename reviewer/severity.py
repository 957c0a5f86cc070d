"""Severity of a finding, verdict of a review, and how --fail-on maps them to exit codes."""

from __future__ import annotations

import enum


class _Ranked(enum.Enum):
    """Enum members ordered by declaration: the first is the least severe."""

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _Ranked) or type(other) is not type(self):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, _Ranked) or type(other) is not type(self):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, _Ranked) or type(other) is not type(self):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, _Ranked) or type(other) is not type(self):
            return NotImplemented
        return self.rank >= other.rank


class Severity(_Ranked):
    """How bad one finding is. Ordered: info < warn < block."""

    INFO = "info"
    WARN = "warn"
    BLOCK = "block"

    def lowered(self) -> Severity:
        """One step down, never below info."""
        members = list(Severity)
        return members[max(self.rank - 1, 0)]

    def raised(self) -> Severity:
        """One step up, never above block."""
        members = list(Severity)
        return members[min(self.rank + 1, len(members) - 1)]


class Verdict(_Ranked):
    """Outcome of a review. Ordered: pass < warn < block."""

    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"

    @classmethod
    def of(cls, severity: Severity) -> Verdict:
        """The verdict a single finding of this severity implies (info implies pass)."""
        return {Severity.INFO: cls.PASS, Severity.WARN: cls.WARN,
                Severity.BLOCK: cls.BLOCK}[severity]


_RANKS: dict[_Ranked, int] = {member: rank for cls in (Severity, Verdict)
                              for rank, member in enumerate(cls)}


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
