"""The agent's repository tools on a real git repository: confined to the head revision."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reviewer.narrative.redaction import Redactor
from reviewer.narrative.tools import MAX_CALLS, RepoTools, confine
from tests.conftest import git, make_repo


@pytest.fixture
def tools(tmp_path: Path) -> RepoTools:
    (tmp_path / "outside.txt").write_text("outside\n")
    root = make_repo(tmp_path / "repo", [
        {"app/config.yaml": "timeout: 30\npassword: Tr0ub4dor-and-3\n",
         "app/big.txt": "x" * (1024 * 1024 + 1), "app/blob.bin": "\0\1\2binary"},
        {"app/config.yaml": "timeout: 5\npassword: Tr0ub4dor-and-3\n"}])
    (root / "app" / "inside-link").symlink_to("config.yaml")
    (root / "app" / "out-link").symlink_to("../../outside.txt")
    (root / "abs-link").symlink_to(tmp_path / "outside.txt")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "links")
    (root / "app" / "config.yaml").write_text("timeout: 999  # uncommitted\n")
    head = git(root, "rev-parse", "HEAD").strip()
    return RepoTools(root, head, Redactor())


@pytest.mark.parametrize(("path", "expected"), [
    ("app/config.yaml", "app/config.yaml lines 1-2 of 2:\n1: timeout: 5\n2: password: [REDACTED]"),
    ("./app//config.yaml", "app/config.yaml lines 1-2 of 2:\n1: timeout: 5\n2: password: [REDACTED]"),
    ("app/inside-link", "app/config.yaml lines 1-2 of 2:\n1: timeout: 5\n2: password: [REDACTED]"),
    ("app", "app/ is a directory:\nbig.txt\nblob.bin\nconfig.yaml\ninside-link\nout-link"),
    ("app/out-link", "refused: app/out-link is a symlink leading out of the repository"),
    ("abs-link", "refused: abs-link is a symlink leading out of the repository"),
    ("../outside.txt", "refused: '..' leads outside the repository"),
    ("app/../../outside.txt", "refused: '..' leads outside the repository"),
    ("/etc/passwd", "refused: absolute paths are outside the repository"),
    ("C:\\Windows\\win.ini", "refused: not a repository path"),
    ("app/big.txt", "refused: oversized file: 1048577 bytes (at most 1048576)"),
    ("app/blob.bin", "refused: binary file"),
    ("app/missing.yaml", "refused: app/missing.yaml: no such file at the head revision"),
])
def test_read_file(tools: RepoTools, path: str, expected: str) -> None:
    assert tools.read_file(path, 1, 10) == expected


def test_read_file_ranges(tools: RepoTools) -> None:
    assert tools.read_file("app/config.yaml", 2, 2) == (
        "app/config.yaml lines 2-2 of 2:\n2: password: [REDACTED]")
    assert tools.read_file("app/config.yaml", 9, 12) == (
        "app/config.yaml has 2 lines; nothing at 9-12")
    assert tools.read_file("app/config.yaml", 1, 201) == (
        "refused: oversized read: at most 200 lines per call")
    assert tools.read_file("app/config.yaml", 3, 1) == (
        "refused: start_line must be at least 1 and not after end_line")


def test_refusals_are_logged_and_kept(tools: RepoTools, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="reviewer.narrative.tools"):
        tools.read_file("../x", 1, 1)
        tools.recent_changes("/etc")
    assert tools.refusals == ["read_file('../x:1-1'): '..' leads outside the repository",
                              "recent_changes('/etc'): absolute paths are outside the repository"]
    assert [r.getMessage() for r in caplog.records] == [
        f"narrative tool refused {entry}" for entry in tools.refusals]


def test_search_and_history(tools: RepoTools) -> None:
    assert tools.search_repository("timeout") == "app/config.yaml:1: timeout: 5"
    assert tools.search_repository("Tr0ub4dor") == "app/config.yaml:2: password: [REDACTED]"
    assert tools.search_repository("no-such-text") == "no matches for 'no-such-text'"
    assert tools.search_repository("x") == (
        "refused: search text must be one line of 2 to 200 characters")
    subjects = [line.split(": ", 1)[1] for line in
                tools.recent_changes("app/config.yaml").split("\n")]
    assert subjects == ["commit 1", "commit 0"]


def test_tool_calls_are_budgeted(tools: RepoTools) -> None:
    for _ in range(MAX_CALLS):
        tools.search_repository("timeout")
    assert tools.read_file("app/config.yaml", 1, 1) == (
        f"refused: tool budget exhausted ({MAX_CALLS} calls)")


@pytest.mark.parametrize(("path", "clean"), [
    ("a/b.yaml", "a/b.yaml"), ("./a/./b.yaml", "a/b.yaml"), ("a//b", "a/b")])
def test_confine_cleans(path: str, clean: str) -> None:
    assert confine(path) == clean
