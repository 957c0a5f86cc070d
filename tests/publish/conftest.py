from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.publish.fake_github import NUMBER, REPOSITORY, FakeGitHub

TOKEN = "ghs_TestTokenThatMustNeverBeWrittenAnywhere0001"
HEAD_SHA = "c0ffee0000000000000000000000000000000042"


@pytest.fixture(autouse=True)
def _isolated_from_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here can reach github.com: the API URL points at a closed local port unless a
    test names its own server, and no token or event of a real CI job leaks in."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_EVENT_PATH",
                 "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    yield server
    server.close()


@pytest.fixture
def actions_env(fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeGitHub:
    """The environment of a pull_request job in GitHub Actions, talking to the fake."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": NUMBER, "pull_request": {
        "number": NUMBER, "body": "Cut replicas for the off-peak window.",
        "base": {"sha": "b" * 40}, "head": {"sha": HEAD_SHA}}}))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    monkeypatch.setenv("GITHUB_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    return fake
