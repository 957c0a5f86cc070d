"""Git mode: the agent reads the repository at the head revision through its tools, over the
real HTTP path; the tools stay inside the repository whatever the model asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import make_repo
from tests.narrative.conftest import report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

Cli = Callable[..., Any]
Start = Callable[..., LLMServer]

DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {n}\n"
READER = "import yaml\n\nREPLICAS_KEY = 'spec.replicas'\n"


def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo", [
        {"deploy/prod/api.yaml": DEPLOYMENT.format(n=12), "tools/scale.py": READER},
        {"deploy/prod/api.yaml": DEPLOYMENT.format(n=2)}])
    (tmp_path / "outside.txt").write_text("a file outside the repository\n")
    return root


def tool_messages(body: dict[str, Any]) -> list[str]:
    return [m["content"] for m in body["messages"] if m["role"] == "tool"]


def test_tools_read_the_head_revision_and_refuse_escapes(cli: Cli, llm: Start,
                                                          tmp_path: Path) -> None:
    root = repo(tmp_path)
    server = llm([
        Reply(200, completion(tool_calls=[
            {"name": "read_file", "args": {"path": "deploy/prod/api.yaml", "start_line": 1,
                                           "end_line": 4}},
            {"name": "search_repository", "args": {"text": "spec.replicas"}},
            {"name": "recent_changes", "args": {"path": "deploy/prod/api.yaml"}},
            {"name": "read_file", "args": {"path": "../outside.txt", "start_line": 1,
                                           "end_line": 1}},
            {"name": "read_file", "args": {"path": str(tmp_path / "outside.txt"),
                                           "start_line": 1, "end_line": 1}},
            {"name": "read_file", "args": {"path": "tools/scale.py", "start_line": 1,
                                           "end_line": 5000}}])),
        Reply(200, completion(answer()))])
    result = cli("review", "--repo", str(root), "--base", "c0", "--head", "c1",
                 "--format", "json")
    n = report_of(result.out)["narrative"]
    assert (n["status"], n["steps"], n["tool_calls"]) == ("ok", 2, 6)
    first, second = server.bodies
    assert [t["function"]["name"] for t in first["tools"]] == [
        "read_file", "search_repository", "recent_changes"]
    read, search, history, dotdot, absolute, oversized = tool_messages(second)
    assert read == ("deploy/prod/api.yaml lines 1-4 of 4:\n1: apiVersion: apps/v1\n"
                    "2: kind: Deployment\n3: spec:\n4:   replicas: 2")
    assert search == "tools/scale.py:3: REPLICAS_KEY = 'spec.replicas'"
    assert [line.split(" ", 2)[2] for line in history.split("\n")] == ["Dev: commit 1",
                                                                      "Dev: commit 0"]
    assert dotdot == "refused: '..' leads outside the repository"
    assert absolute == "refused: absolute paths are outside the repository"
    assert oversized == "refused: oversized read: at most 200 lines per call"
    assert n["tool_refusals"] == sorted([
        "read_file('../outside.txt:1-1'): '..' leads outside the repository",
        f"read_file('{tmp_path / 'outside.txt'}:1-1'): absolute paths are outside the repository",
        "read_file('tools/scale.py:1-5000'): oversized read: at most 200 lines per call"])


def test_the_last_step_has_no_tools_and_the_budget_holds(cli: Cli, llm: Start, tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    root = repo(tmp_path)
    monkeypatch.setenv("REVIEWER_LLM_MAX_STEPS", "2")
    keep_reading = Reply(200, completion(tool_calls=[
        {"name": "read_file", "args": {"path": "tools/scale.py", "start_line": 1,
                                       "end_line": 3}}]))
    server = llm(lambda body: keep_reading)
    result = cli("review", "--repo", str(root), "--base", "c0", "--head", "c1",
                 "--format", "json")
    report = report_of(result.out)
    n = report["narrative"]
    assert (n["status"], n["error"]) == ("failed", "no final answer within 2 steps")
    first, last = server.bodies
    assert "tools" in first and "tools" not in last
    assert last["messages"][-1]["content"].startswith("That was your last tool turn")
    assert (result.code, report["verdict"]) == (1, "block")
