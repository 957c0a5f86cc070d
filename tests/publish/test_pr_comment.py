"""One PR comment, updated in place, inline comments only on diff lines: through the real
HTTP client, against hand-written cassettes and a local fake of the REST API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import vcr

from reviewer.publish.github_api import GitHubClient
from reviewer.publish.pr_comment import (
    MAX_INLINE,
    comment_body,
    digest_of,
    find_summary,
    inline_comments,
    publish,
)
from reviewer.render.markdown import COMMENT_LIMIT, size
from tests.conftest import FIXTURES
from tests.publish.conftest import HEAD_SHA, TOKEN
from tests.publish.fake_github import NUMBER, REPOSITORY, FakeGitHub
from tests.render.markdown_checks import assert_well_formed
from tests.render.sample import FINDINGS, sample_report

CASSETTES = FIXTURES / "cassettes" / "github"


def _subset(want: Any, got: Any, where: str = "body") -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: expected an object, got {got!r}"
        for key, value in want.items():
            assert key in got, f"{where}.{key} missing"
            _subset(value, got[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{where}: {got!r}"
        for n, (w, g) in enumerate(zip(want, got, strict=True)):
            _subset(w, g, f"{where}[{n}]")
    else:
        assert want == got, f"{where}: expected {want!r}, got {got!r}"


def body_contains_cassette_body(actual: Any, recorded: Any) -> None:
    """vcrpy matcher: what the cassette's request states must be in what reviewer sends."""
    if not recorded.body:
        return
    assert actual.body, "the request has no body"
    _subset(json.loads(recorded.body), json.loads(actual.body))


def recorder(folder: Path, mode: str = "none") -> vcr.VCR:
    config = vcr.VCR(cassette_library_dir=str(folder), record_mode=mode,
                     match_on=["method", "scheme", "host", "port", "path", "query", "json_body"],
                     filter_headers=["authorization"], decode_compressed_response=True)
    config.register_matcher("json_body", body_contains_cassette_body)
    return config


def client(url: str = "https://api.github.com") -> GitHubClient:
    return GitHubClient(url, REPOSITORY, TOKEN)


def test_first_run_creates_the_summary_and_one_review_of_inline_comments() -> None:
    with recorder(CASSETTES).use_cassette(
            "first-run-creates-summary-and-inline-review.yaml") as cassette:
        outcome = publish(client(), NUMBER, sample_report(), HEAD_SHA)
        assert cassette.all_played
    assert outcome == ("created", "https://github.com/acme/shop/pull/42#issuecomment-1001", 4, 0,
                       None)


def test_a_later_push_updates_the_same_comment_and_adds_only_new_inline_comments() -> None:
    with recorder(CASSETTES).use_cassette(
            "later-push-updates-summary-and-posts-only-new-inline.yaml") as cassette:
        outcome = publish(client(), NUMBER, sample_report(), None)
        assert cassette.all_played
    assert (outcome.summary, outcome.inline_posted, outcome.inline_already) == ("updated", 2, 2)


def test_nothing_is_posted_when_nothing_changed(fake: FakeGitHub) -> None:
    first = publish(client(fake.url), NUMBER, sample_report(), HEAD_SHA)
    writes = fake.writes()
    second = publish(client(fake.url), NUMBER, sample_report(), HEAD_SHA)
    assert (first.summary, second.summary) == ("created", "unchanged")
    assert (second.inline_posted, second.inline_already) == (0, 4)
    assert fake.writes() == writes == [
        ("POST", f"/repos/{REPOSITORY}/issues/{NUMBER}/comments"),
        ("POST", f"/repos/{REPOSITORY}/pulls/{NUMBER}/reviews")]
    assert len(fake.issue_comments) == 1 and len(fake.review_comments) == 4


def test_a_changed_report_updates_in_place(fake: FakeGitHub) -> None:
    publish(client(fake.url), NUMBER, sample_report(), HEAD_SHA)
    fewer = sample_report(tuple(f for f in FINDINGS if f.rule_id != "k8s-pdb-deleted"))
    outcome = publish(client(fake.url), NUMBER, fewer, HEAD_SHA)
    assert outcome.summary == "updated" and outcome.inline_posted == 0
    assert len(fake.issue_comments) == 1
    assert "k8s-pdb-deleted" not in fake.issue_comments[0]["body"]


def test_the_token_is_sent_as_a_bearer_header(fake: FakeGitHub) -> None:
    publish(client(fake.url), NUMBER, sample_report(), HEAD_SHA)
    assert {r.authorization for r in fake.requests} == {f"Bearer {TOKEN}"}


def test_a_recorded_cassette_never_holds_the_token(fake: FakeGitHub, tmp_path: Path) -> None:
    with recorder(tmp_path, mode="all").use_cassette("recorded.yaml"):
        publish(client(fake.url), NUMBER, sample_report(), HEAD_SHA)
    text = (tmp_path / "recorded.yaml").read_text()
    assert "/issues/42/comments" in text  # it did record
    assert TOKEN not in text and "authorization" not in text.lower()


def test_inline_comments_only_on_lines_the_diff_shows() -> None:
    report = sample_report()
    # a finding on a line outside every hunk (as a whole-file parse can give) stays out
    outside = FINDINGS[0]._replace(line=1, fingerprint="e" * 20)
    chosen = inline_comments(sample_report((*report.findings, outside)))
    assert [(c.path, c.line, c.side) for c in chosen] == [
        ("deploy/prod/checkout/deployment.yaml", 6, "RIGHT"),
        ("infra/prod/orders/rds.tf", 3, "RIGHT"),
        ("deploy/prod/checkout/deployment.yaml", 14, "LEFT"),
        ("deploy/prod/checkout/pdb.yaml", 1, "LEFT")]  # no info, no waived
    assert chosen[0].body.startswith("<!-- reviewer:finding 3f23287e888696da3dd6 -->\n🛑 "
                                     "**Replica count cut sharply** `k8s-replicas-cut` (block)")


def test_inline_comments_are_capped_worst_first() -> None:
    many = tuple(FINDINGS[1]._replace(fingerprint=f"{n:020x}") for n in range(MAX_INLINE + 5))
    chosen = inline_comments(sample_report((*many, FINDINGS[0])))
    assert len(chosen) == MAX_INLINE and chosen[0].fingerprint == FINDINGS[0].fingerprint


def test_comment_body_has_the_marker_fits_the_limit_and_is_well_formed() -> None:
    body = comment_body(sample_report())
    assert body.startswith("<!-- reviewer:pr-comment digest=")
    assert digest_of(body) is not None and size(body) <= COMMENT_LIMIT
    assert_well_formed(body)
    huge = tuple(FINDINGS[0]._replace(line=n, fingerprint=f"{n:020x}", message="m" * 500)
                 for n in range(1, 3000))
    assert size(comment_body(sample_report(huge))) <= COMMENT_LIMIT


@pytest.mark.parametrize(("bodies", "found"), [
    (["hi", "<!-- reviewer:pr-comment digest=0123456789abcdef -->\nx"], 1),
    (["> <!-- reviewer:pr-comment digest=0123456789abcdef -->\n> quoted"], None),
    (["<!-- reviewer:pr-comment -->\nno digest"], None),
    ([], None),
])
def test_find_summary(bodies: list[str], found: int | None) -> None:
    comments = [{"id": n, "body": b} for n, b in enumerate(bodies)]
    match = find_summary(comments)
    assert (match["id"] if match else None) == found
