from __future__ import annotations

import pytest

from reviewer.analyzers.checks.guards import error_tokens
from tests.analyzers.checks.conftest import RunCheck


@pytest.mark.parametrize(("line", "tokens"), [
    ("        raise LimitExceeded(amount, limit)", ["LimitExceeded"]),
    ("    raise errors.DailyLimitExceeded(source.id)", ["DailyLimitExceeded"]),
    ("    throw new QuotaExceededException(tenant);", ["QuotaExceededException"]),
    ("    throw PayloadTooLargeError(size)", ["PayloadTooLargeError"]),
    ("\t\treturn nil, ErrDailyLimitExceeded", ["ErrDailyLimitExceeded"]),
    ("\treturn ledger.ErrInsufficientFunds", ["ErrInsufficientFunds"]),
    ("    raise ValueError('amount required')", []),
    ("    return self.rateLimit", []),
    ("    limit = settings.max_transfer_cents", []),
])
def test_error_tokens(line: str, tokens: list[str]) -> None:
    assert error_tokens(line) == tokens


GUARD = ("def transfer(amount, settings):\n"
         "    if amount > settings.max_transfer:\n"
         "        raise LimitExceeded(amount)\n"
         "    send(amount)\n")


@pytest.mark.parametrize(("after", "expected"), [
    ("def transfer(amount, settings):\n    send(amount)\n", [(3, "old", "LimitExceeded")]),
    # moved below another statement, or reworded: still enforced
    ("def transfer(amount, settings):\n    check(amount)\n    if amount > settings.limit:\n"
     "        raise LimitExceeded(amount, settings.limit)\n    send(amount)\n", []),
    # replaced by a different limit error: still a limit guard
    ("def transfer(amount, settings):\n    if amount > settings.max_transfer:\n"
     "        raise TransferLimitExceeded(amount)\n    send(amount)\n", []),
])
def test_removed_guards(run_check: RunCheck, after: str, expected: list[tuple[int, str, str]]
                        ) -> None:
    assert run_check("limit-guard", "svc/ledger/transfers.py", GUARD, after, key="error") == \
        expected
