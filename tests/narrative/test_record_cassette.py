"""The record mode: a real exchange becomes a cassette without the key, and replays."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import vcr

from tests.conftest import DIFFS, ROOT
from tests.narrative.conftest import report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

KEY = "sk-test-Rec0rdingKeyThatMustNotBeWr1tten"


def recorder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("record_cassette",
                                                  ROOT / "scripts" / "record_cassette.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_record_then_replay(cli: Callable[..., Any], llm: Callable[..., LLMServer],
                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    server = llm([Reply(200, completion(answer()), {"set-cookie": "session=abc",
                                                   "openai-organization": "org-secret"})])
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    diff = DIFFS / "one-file-replicas-cut.diff"
    assert recorder().main([str(diff), "replicas", "--out-dir", str(tmp_path)]) == 0
    assert server.seen[0].raw  # the real request went out once
    text = (tmp_path / "replicas.yaml").read_text()
    assert KEY not in text and "org-secret" not in text and "session=abc" not in text
    assert (tmp_path / "replicas.diff").read_text() == diff.read_text()
    assert (tmp_path / "replicas.model").read_text() == "gpt-4o-mini\n"

    server.stop()  # replay needs no server
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"recorded {tmp_path / 'replicas.yaml'} (1 request(s))")
    with vcr.use_cassette(str(tmp_path / "replicas.yaml"), record_mode="none"):
        result = cli("review", str(tmp_path / "replicas.diff"), "--format", "json",
                     "--no-cache")
    assert report_of(result.out)["narrative"]["status"] == "ok"


def test_a_failed_narrative_is_not_kept(llm: Callable[..., LLMServer], tmp_path: Path) -> None:
    llm([Reply(200, completion("no json")), Reply(200, completion("still none"))])
    out = tmp_path / "out"
    assert recorder().main([str(DIFFS / "one-file-replicas-cut.diff"), "bad", "--out-dir",
                            str(out)]) == 1
    assert list(out.iterdir()) == []
