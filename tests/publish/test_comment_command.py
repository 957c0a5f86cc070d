"""``reviewer comment --github``: one clear line for every way GitHub can refuse, its own exit
codes, and the gate's exit code untouched whatever happens to the post."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reviewer.publish.github_api import GitHubClient, PublishError
from tests.conftest import DIFFS
from tests.publish.conftest import TOKEN
from tests.publish.fake_github import NUMBER, REPOSITORY, FakeGitHub

RISKY = str(DIFFS / "prod-capacity-cut-and-guards-removed.diff")
WHERE = f"{REPOSITORY}#{NUMBER}"
LIST = f"GET /repos/{REPOSITORY}/issues/{NUMBER}/comments"


def test_posts_then_updates_nothing_on_a_rerun(cli, actions_env: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    first = cli("comment", "--github", RISKY, "--no-llm")
    assert first.code == 0 and first.out == ""
    review = next(r for r in actions_env.requests if r.path.endswith("/reviews"))
    assert first.err.splitlines() == [
        f"reviewer: summary comment on {WHERE} posted "
        f"(https://github.com/{REPOSITORY}/pull/{NUMBER}#c)",
        f"reviewer: {len(review.body['comments'])} inline comments posted"]
    assert review.body["commit_id"] == "c0ffee0000000000000000000000000000000042"
    assert ("infra/prod/orders/rds.tf", 18, "LEFT") in {
        (c["path"], c["line"], c["side"]) for c in review.body["comments"]}
    again = cli("comment", "--github", RISKY, "--no-llm")
    assert again.code == 0
    assert again.err.splitlines() == [
        f"reviewer: summary comment on {WHERE} already up to date, nothing posted "
        f"(https://github.com/{REPOSITORY}/pull/{NUMBER}#c)"]
    assert len(actions_env.writes()) == 2


@pytest.mark.parametrize(("status", "headers", "body", "line"), [
    (401, {}, {"message": "Bad credentials"},
     "GitHub rejected the token (401 Bad credentials): set GITHUB_TOKEN to a valid token"),
    (403, {}, {"message": "Resource not accessible by integration"},
     f"GitHub refused {LIST} (403 Resource not accessible by integration): the token needs "
     "'pull-requests: write' (read-only on pull requests from forks)"),
    (404, {}, {"message": "Not Found"},
     f"GitHub found no {LIST} (404): check the repository and pull request number, and that "
     "the token can see them"),
    (422, {}, {"message": "Validation Failed", "errors": [{"message": "Body is too long"}]},
     f"GitHub rejected {LIST} (422 Validation Failed: Body is too long)"),
    (403, {"x_ratelimit_remaining": "0", "x_ratelimit_reset": "1767225600"},
     {"message": "API rate limit exceeded"},
     f"GitHub rate limit reached ({LIST}); the limit resets at 2026-01-01 00:00:00 UTC"),
    (429, {"retry_after": "60"}, {"message": "You have exceeded a secondary rate limit"},
     f"GitHub rate limit reached ({LIST}); retry after 60 s"),
    (502, {}, {"message": "Server Error"}, f"GitHub answered {LIST} with HTTP 502 (Server Error)"),
])
def test_refusals_are_one_line_exit_4_and_leave_the_gate_alone(  # type: ignore[no-untyped-def]
        cli, actions_env: FakeGitHub, status: int, headers: dict[str, str],
        body: dict[str, object], line: str) -> None:
    actions_env.fail_with(status, body, **headers)
    posted = cli("comment", "--github", RISKY, "--no-llm")
    assert posted.code == 4
    assert posted.err.splitlines() == [f"reviewer: comment not posted on {WHERE}: {line}"]
    assert TOKEN not in posted.err + posted.out
    gate = cli("review", RISKY, "--no-llm")
    assert gate.code == 1  # the gate is reviewer review, and nothing here touched it


def test_unreachable_github(cli, actions_env: FakeGitHub,  # type: ignore[no-untyped-def]
                            monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    monkeypatch.setenv("GITHUB_API_URL", closed)
    result = cli("comment", "--github", RISKY, "--no-llm")
    assert result.code == 4
    assert result.err.startswith(f"reviewer: comment not posted on {WHERE}: cannot reach GitHub "
                                 f"at {closed} (")
    assert len(result.err.splitlines()) == 1


def test_a_server_that_never_answers_times_out(fake: FakeGitHub) -> None:
    fake.hang = True
    with pytest.raises(PublishError, match=r"cannot reach GitHub at http://127\.0\.0\.1:\d+ "
                                           r"\(timed out\)"):
        GitHubClient(fake.url, REPOSITORY, TOKEN, timeout=0.3).issue_comments(NUMBER)


def test_inline_failure_after_the_summary_is_reported_and_exit_4(  # type: ignore[no-untyped-def]
        cli, actions_env: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    original = actions_env._answer

    def reject_reviews(method: str, path: str, body: object):  # type: ignore[no-untyped-def]
        if path.endswith("/reviews"):
            from tests.publish.fake_github import Answer
            return Answer(422, {}, {"message": "Unprocessable Entity", "errors": [
                "pull_request_review_thread.line must be part of the diff"]})
        return original(method, path, body)

    monkeypatch.setattr(actions_env, "_answer", reject_reviews)
    result = cli("comment", "--github", RISKY, "--no-llm")
    assert result.code == 4
    lines = result.err.splitlines()
    assert lines[0].startswith(f"reviewer: summary comment on {WHERE} posted")
    assert lines[1] == (f"reviewer: inline comments not posted on {WHERE}: GitHub rejected POST "
                        f"/repos/{REPOSITORY}/pulls/{NUMBER}/reviews (422 Unprocessable Entity: "
                        "pull_request_review_thread.line must be part of the diff)")
    assert len(actions_env.issue_comments) == 1


@pytest.mark.parametrize(("unset", "extra", "message"), [
    ("GITHUB_TOKEN", [], "no GitHub token: set GITHUB_TOKEN"),
    ("GITHUB_REPOSITORY", [], "which repository? give --github-repository OWNER/NAME"),
    ("GITHUB_EVENT_PATH", [], "which pull request? give --pr NUMBER"),
    ("", ["--github-repository", "not-a-slug"], "which repository?"),
])
def test_missing_context_is_a_usage_error_before_any_review(  # type: ignore[no-untyped-def]
        cli, actions_env: FakeGitHub, monkeypatch: pytest.MonkeyPatch, unset: str,
        extra: list[str], message: str) -> None:
    if unset:
        monkeypatch.delenv(unset)
    result = cli("comment", "--github", RISKY, "--no-llm", *extra)
    assert result.code == 2
    assert result.err.startswith(f"reviewer: error: {message}")
    assert actions_env.requests == []


def test_flags_override_the_environment(cli, actions_env: FakeGitHub,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    monkeypatch.delenv("GITHUB_REPOSITORY")
    result = cli("comment", "--github", RISKY, "--no-llm", "--pr", str(NUMBER),
                 "--github-repository", REPOSITORY)
    assert result.code == 0
    review = next(r for r in actions_env.requests if r.path.endswith("/reviews"))
    assert "commit_id" not in review.body  # no event, bare diff: GitHub takes the PR's head


def test_bad_event_payload_names_the_file(cli, actions_env: FakeGitHub, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    event = tmp_path / "broken.json"
    event.write_text("{not json")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    result = cli("comment", "--github", RISKY, "--no-llm")
    assert result.code == 2
    assert result.err.startswith(f"reviewer: error: {event}: the event payload is not JSON")


def test_dry_run_needs_no_token_and_posts_nothing(cli, fake: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    result = cli("comment", "--github", "--dry-run", RISKY, "--no-llm")
    assert result.code == 0
    assert result.out.startswith("<!-- reviewer:pr-comment digest=")
    assert "reviewer: would comment on infra/prod/orders/rds.tf:18 (LEFT)" in result.err
    assert fake.requests == []


def test_github_target_is_required(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exc:
        cli("comment", RISKY)
    assert exc.value.code == 2


def test_a_connection_dropped_mid_answer_is_a_network_error(fake: FakeGitHub) -> None:
    import threading

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def drop() -> None:
            connection, _ = listener.accept()
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[")
            connection.close()

        threading.Thread(target=drop, daemon=True).start()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(PublishError, match=rf"cannot reach GitHub at {url} \(IncompleteRead"):
            GitHubClient(url, REPOSITORY, TOKEN, timeout=5).issue_comments(NUMBER)


def test_an_unusable_api_url_is_a_usage_error(cli, actions_env: FakeGitHub,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_API_URL", "api.github.example")
    result = cli("comment", "--github", RISKY, "--no-llm")
    assert result.code == 2
    assert result.err.splitlines() == [
        "reviewer: error: GITHUB_API_URL must be an http(s) URL, not 'api.github.example'"]
    assert actions_env.requests == []
