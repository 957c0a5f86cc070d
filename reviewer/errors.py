"""One exception family: user errors become exit 2, everything else exit 3."""

from __future__ import annotations


class ReviewerError(Exception):
    """Base of every error this package raises on purpose."""


class UserError(ReviewerError):
    """Bad input or usage: a diff, rule, policy or flag the user can fix.

    ``where`` names the file (and line) at fault so the message is one clear sentence.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DiffError(UserError):
    """The diff cannot be read as a unified diff."""


class RuleError(UserError):
    """A rule file is malformed."""


class PolicyError(UserError):
    """A policy file is malformed."""


class GitError(UserError):
    """git could not produce what was asked (unknown revision, not a repository)."""
