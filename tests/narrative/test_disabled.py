"""Without an endpoint, or with --no-llm, the review is the deterministic one, it says so, and
it never loads the LLM libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DIFFS, ROOT
from tests.narrative.conftest import NARRATIVE_ENV, report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

ONE_FILE = str(DIFFS / "one-file-replicas-cut.diff")
HEAVY = ("langchain", "langchain_core", "langchain_openai", "langgraph", "openai", "httpx",
         "httpx2", "tiktoken", "tenacity")
Cli = Callable[..., Any]


@pytest.mark.parametrize("diff", ["one-file-replicas-cut.diff",
                                  "benign-scale-up-and-image-bump.diff",
                                  "prod-capacity-cut-and-guards-removed.diff"])
def test_no_llm_and_no_endpoint_give_the_same_review(cli: Cli, diff: str) -> None:
    runs = []
    for args in ((), ("--no-llm",)):
        result = cli("review", str(DIFFS / diff), "--format", "json", *args)
        runs.append((result.code, report_of(result.out)))
    (code_a, a), (code_b, b) = runs
    assert (code_a, a["verdict"], a["findings"], a["decision"]) == (
        code_b, b["verdict"], b["findings"], b["decision"])
    assert (a["narrative"]["status"], a["narrative"]["reason"]) == (
        "disabled", "no LLM endpoint configured; set OPENAI_API_KEY or OPENAI_BASE_URL for a "
                    "narrative")
    assert (b["narrative"]["status"], b["narrative"]["reason"]) == (
        "disabled", "--no-llm given: deterministic review only")


@pytest.mark.parametrize(("env", "args"), [
    ({}, ()),
    ({"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}, ("--no-llm",)),
])
def test_a_deterministic_review_never_imports_the_llm_stack(env: dict[str, str],
                                                            args: tuple[str, ...]) -> None:
    code = ("import json, sys\n"
            "from reviewer.cli import main\n"
            f"status = main(['review', {ONE_FILE!r}, '--format', 'json', *{list(args)!r}])\n"
            f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
            "print(json.dumps([status, heavy]), file=sys.stderr)\n")
    clean = {k: v for k, v in os.environ.items() if k not in NARRATIVE_ENV}
    proc = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, cwd=ROOT,
                          capture_output=True, text=True, check=False)
    status, heavy = json.loads(proc.stderr.strip().splitlines()[-1])
    assert (status, heavy) == (1, [])
    assert report_of(proc.stdout)["narrative"]["status"] == "disabled"


def test_a_bad_setting_fails_the_narrative_not_the_review(cli: Cli,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("REVIEWER_LLM_TIMEOUT", "soon")
    result = cli("review", ONE_FILE, "--format", "json")
    n = report_of(result.out)["narrative"]
    assert (result.code, n["status"], n["error"]) == (
        1, "failed", "REVIEWER_LLM_TIMEOUT='soon' is not a positive number")


def test_an_unreachable_endpoint_fails_the_narrative_not_the_review(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # nothing listens on 9
    monkeypatch.setenv("REVIEWER_LLM_TIMEOUT", "30")
    result = cli("review", ONE_FILE, "--format", "json")
    n = report_of(result.out)["narrative"]
    assert (result.code, n["status"]) == (1, "failed")
    assert n["error"] == ("cannot reach the endpoint after 3 attempts: [Errno 111] Connection "
                          "refused")


def test_the_policy_file_configures_the_endpoint(cli: Cli, llm: Callable[..., LLMServer],
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    server = llm([Reply(200, completion(answer()))], timeout=None)
    url = os.environ["OPENAI_BASE_URL"]
    monkeypatch.delenv("OPENAI_BASE_URL")
    policy = tmp_path / ".reviewer.yaml"
    policy.write_text(f"llm:\n  base_url: {url}\n  model: team-model\n  timeout: 7\n")
    result = cli("review", ONE_FILE, "--format", "json", "--config", str(policy))
    n = report_of(result.out)["narrative"]
    assert (n["status"], n["model"]) == ("ok", "team-model")
    assert server.bodies[0]["model"] == "team-model"


def test_an_empty_change_is_not_narrated(cli: Cli, llm: Callable[..., LLMServer],
                                         tmp_path: Path) -> None:
    server = llm([])
    empty = tmp_path / "empty.diff"
    empty.write_text("")
    result = cli("review", str(empty), "--format", "json")
    n = report_of(result.out)["narrative"]
    assert (result.code, n["status"], n["reason"], server.seen) == (
        0, "skipped", "no text changes to narrate", [])
