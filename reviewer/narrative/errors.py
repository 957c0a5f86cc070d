"""Why a narrative did not happen. None of these is a user error: the review goes on without
the narrative and the report says why."""

from __future__ import annotations

from reviewer.errors import ReviewerError


class NarrativeError(ReviewerError):
    """The narrative failed; the message is the reason shown in the report."""


class DeadlineExceeded(NarrativeError):
    """The whole narrative step ran out of time."""


class EndpointError(NarrativeError):
    """The endpoint could not be reached or kept failing (after retries)."""


class FormatRejected(NarrativeError):
    """The server does not accept this structured-output mode; try the next one."""


class InvalidAnswer(NarrativeError):
    """The model's answer does not fit the schema."""

    def __init__(self, message: str, raw: str = "") -> None:
        super().__init__(message)
        self.raw = raw


class Refused(NarrativeError):
    """The model declined to answer."""


class StepBudgetExhausted(NarrativeError):
    """The agent kept calling tools past its step budget."""
