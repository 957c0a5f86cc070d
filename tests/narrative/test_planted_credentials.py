"""Credentials planted in a change never reach the LLM endpoint: not from added, removed or
context lines, not from findings' evidence, not from what the agent's tools read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import DIFFS, make_repo
from tests.narrative.conftest import report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

Cli = Callable[..., Any]
Start = Callable[..., LLMServer]

PLANTED = {
    "password in a URL (context line)": "Pl4ntedUrlPassw0rd",
    "token on a removed line": "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "token on an added line": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "AWS access key id": "AKIAQ7PLANTEDKEY0042",
    "AWS secret access key": "pL4nt3dS3cr3tAcc3ssK3yV4lu3F0rT3st1ng0042",
    "low-entropy password": "hunter2hunter2",
    "GitHub token (context line)": "ghp_Pl4ntedGitHubT0kenValueF0rTest1ng0042",
    "Slack webhook (context line)": "Pl4ntedW3bh00kS3cret42",
    "private key, first body line": "MIIEpAIBAAKCAQEAPl4ntedPr1vateKeyB0dyL1neOne0042abcdefghijklmnop",
    "private key, second body line": "Pl4ntedPr1vateKeyB0dyL1neTwo0042QRSTUVWXYZabcdefghijklmnopqrstuv",
    "JWT": "Pl4ntedJwtS1gnatur3Value0042xyz",
    "bearer token": "Pl4ntedBearerT0ken0042abcdef",
}


def assert_none_reached(server: LLMServer) -> None:
    sent = server.all_text()
    assert sent, "the server received nothing"
    leaked = [name for name, value in PLANTED.items() if value in sent]
    assert leaked == []
    assert "…[redacted]" not in sent  # masked evidence keeps 4 characters: not in prompts


def test_planted_credentials_in_a_diff_never_reach_the_server(cli: Cli, llm: Start) -> None:
    diff = (DIFFS / "planted-credentials.diff").read_text()
    assert all(value in diff for value in PLANTED.values())
    server = llm([Reply(200, completion(answer()))])
    result = cli("review", str(DIFFS / "planted-credentials.diff"), "--format", "json")
    n = report_of(result.out)["narrative"]
    assert n["status"] == "ok"
    assert_none_reached(server)
    assert n["redactions"] == len(PLANTED) - 1  # the two key lines are one private-key block
    user = server.bodies[0]["messages"][1]["content"]
    assert "+ 3: API_TOKEN=[REDACTED]\n" in user and "- 3: API_TOKEN=[REDACTED]\n" in user
    assert "+ 7:     -----BEGIN RSA PRIVATE KEY-----\n+ 8:     [REDACTED]\n" in user


def test_planted_credentials_read_by_the_tools_never_reach_the_server(
        cli: Cli, llm: Start, tmp_path: Path) -> None:
    settings = "".join(f"{name.split()[0].upper()}_SECRET={value}\n"
                       for name, value in PLANTED.items() if "private key" not in name)
    root = make_repo(tmp_path / "repo", [{"config/prod/app.env": "LOG_LEVEL=info\n" + settings},
                                         {"config/prod/app.env": "LOG_LEVEL=debug\n" + settings}])
    server = llm([
        Reply(200, completion(tool_calls=[
            {"name": "read_file", "args": {"path": "config/prod/app.env", "start_line": 1,
                                           "end_line": 40}},
            {"name": "search_repository", "args": {"text": "_SECRET="}}])),
        Reply(200, completion(answer()))])
    result = cli("review", "--repo", str(root), "--base", "c0", "--head", "c1",
                 "--format", "json")
    assert report_of(result.out)["narrative"]["status"] == "ok"
    tool_results = [m["content"] for m in server.bodies[1]["messages"] if m["role"] == "tool"]
    assert tool_results[0].startswith("config/prod/app.env lines 1-11 of 11:\n1: LOG_LEVEL=debug")
    assert tool_results[1].count("_SECRET=[REDACTED]") == 10
    assert_none_reached(server)
