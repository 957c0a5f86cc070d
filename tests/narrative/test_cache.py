"""Narratives are cached by prompt version, model and redacted input: a re-run is free."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.narrative.cache import cache_key
from tests.conftest import DIFFS
from tests.narrative.conftest import report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

ONE_FILE = str(DIFFS / "one-file-replicas-cut.diff")
CONTENT = ("summary", "blast_radius", "concerns", "questions", "pre_merge_checks",
           "post_merge_checks", "grounding", "prompt", "output_mode", "model")
Cli = Callable[..., Any]


def narrative(cli: Cli, *args: str) -> dict[str, Any]:
    n: dict[str, Any] = report_of(cli("review", ONE_FILE, "--format", "json", *args).out)[
        "narrative"]
    return n


def test_a_rerun_is_served_from_the_cache(cli: Cli, llm: Callable[..., LLMServer],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    reply = Reply(200, completion(answer(concerns=[{
        "path": "deploy/prod/checkout/deployment.yaml", "line": 6, "side": "new",
        "severity": "warn", "quote": "replicas: 2", "text": "t"}])))
    server = llm([reply, reply, reply])
    first, second = narrative(cli), narrative(cli)
    assert (first["cache_hit"], second["cache_hit"], len(server.seen)) == (False, True, 1)
    assert {k: second[k] for k in CONTENT} == {k: first[k] for k in CONTENT}
    assert (second["steps"], second["tokens"]["sent"]) == (0, 0)

    assert narrative(cli, "--no-cache")["cache_hit"] is False
    assert len(server.seen) == 2
    monkeypatch.setenv("REVIEWER_MODEL", "another-model")
    assert narrative(cli)["cache_hit"] is False
    assert len(server.seen) == 3


def test_failures_are_not_cached(cli: Cli, llm: Callable[..., LLMServer]) -> None:
    llm([Reply(200, completion("not json")), Reply(200, completion("still not json")),
         Reply(200, completion(answer()))])
    assert narrative(cli)["status"] == "failed"
    assert (narrative(cli)["status"], narrative(cli)["cache_hit"]) == ("ok", True)


def test_a_damaged_entry_is_ignored(cli: Cli, llm: Callable[..., LLMServer]) -> None:
    server = llm([Reply(200, completion(answer())), Reply(200, completion(answer()))])
    narrative(cli)
    folder = Path(os.environ["REVIEWER_CACHE_DIR"]) / "narratives"
    (entry,) = folder.iterdir()
    entry.write_text('{"answer": {"summary": 1}}')
    assert (narrative(cli)["cache_hit"], len(server.seen)) == (False, 2)


@pytest.mark.parametrize("changed", ["prompt", "model", "base_url", "system", "user",
                                     "revision"])
def test_every_input_is_in_the_key(changed: str) -> None:
    base: dict[str, Any] = {"prompt": "risk-narrative@v1", "model": "m", "base_url": "u",
                            "system": "s", "user": "d", "revision": None}
    assert cache_key(**base) != cache_key(**{**base, changed: "other"})
    assert cache_key(**base) == cache_key(**dict(base))
