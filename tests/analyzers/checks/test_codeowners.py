from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.codeowners import check
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]
BEFORE = """*                    @acme/platform
/services/payments/  @acme/payments-eng
/db/migrations/      @acme/dba @acme/payments-eng
"""


@pytest.mark.parametrize(("after", "expected"), [
    (BEFORE.replace("/db/migrations/      @acme/dba @acme/payments-eng\n", "/db/ @acme/platform\n"),
     [(3, Side.OLD, "ownership of /db/migrations/ removed (was @acme/dba @acme/payments-eng)")]),
    (BEFORE.replace("*                    @acme/platform\n", ""),
     [(1, Side.OLD, "the catch-all default owners removed (was @acme/platform)")]),
    (BEFORE.replace("@acme/payments-eng\n/db", "@acme/payments-eng @acme/everyone\n/db"),
     [(2, Side.NEW, "/services/payments/ can now be approved by @acme/everyone")]),
    (BEFORE.replace("/services/payments/  @acme/payments-eng", "/services/payments/"),
     [(2, Side.NEW, "/services/payments/ no longer has an owner (was @acme/payments-eng)")]),
    # narrowing who can approve, or moving owners to a new path, is not a finding
    (BEFORE.replace("@acme/dba @acme/payments-eng", "@acme/dba"), []),
    (BEFORE.replace("/services/payments/ ", "/services/pay/     "), []),
    ("# owners\n" + BEFORE, []),
])
def test_codeowners_changes(hits: RunCheck, after: str,
                            expected: list[tuple[int, Side, str]]) -> None:
    found = hits(check, ".github/CODEOWNERS", BEFORE, after)
    assert [(h.line, h.side, h.values["detail"]) for h in found] == expected


@pytest.mark.parametrize(("before", "after", "detail"), [
    ("[Database][2] @acme/dba\ndb/\n", "[Database] @acme/dba\ndb/\n",
     "section [database] needs 1 approval(s), was 2"),
    ("[Database] @acme/dba\ndb/\n", "^[Database] @acme/dba\ndb/\n",
     "section [database] made optional: its approval is no longer required"),
])
def test_gitlab_sections(hits: RunCheck, before: str, after: str, detail: str) -> None:
    assert [h.values["detail"] for h in hits(check, ".gitlab/CODEOWNERS", before, after)] == [
        detail]


def test_a_deleted_file_is_one_finding(hits: RunCheck) -> None:
    found = hits(check, "CODEOWNERS", BEFORE, None)
    assert [(h.line, h.side, h.values["detail"]) for h in found] == [
        (1, Side.OLD, "CODEOWNERS deleted: 3 ownership rule(s) removed")]
