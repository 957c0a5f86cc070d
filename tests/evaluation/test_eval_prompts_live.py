"""``reviewer eval prompts`` against a scripted OpenAI-compatible server on 127.0.0.1: cases
built to score known values, recording cassettes (credentials filtered) and replaying them,
and Ctrl-C leaving the finished cases written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reviewer.evaluation.results import read_results
from tests.conftest import ROOT
from tests.narrative.llm_server import LLMServer, Reply, answer, completion, error

KEY = "sk-test-EvalRec0rdingKeyThatMustNotBeWr1tten"
DEPLOYMENT = "deploy/prod/api/deployment.yaml"
SPEC = """\
description: production api replicas cut from twelve to two and its disruption budget deleted
label: risky
expect:
  verdict: warn
  findings:
    - {category: capacity.reduced, path: deploy/prod/api/deployment.yaml, severity: warn}
narrative:
  must_mention: [replicas, [PodDisruptionBudget, PDB]]
  must_not_mention: [image tag]
"""
BEFORE = {DEPLOYMENT: "spec:\n  replicas: 12\n  template: {}\n",
          "deploy/prod/api/pdb.yaml": "spec:\n  minAvailable: 8\n"}
AFTER = {DEPLOYMENT: "spec:\n  replicas: 2\n  template: {}\n"}
GROUNDED = {"path": DEPLOYMENT, "line": 2, "side": "new", "severity": "warn",
            "quote": "replicas: 2", "text": "Two pods cannot take peak traffic."}
INVENTED = {**GROUNDED, "path": "deploy/prod/api/hpa.yaml", "line": 3, "quote": "maxReplicas: 4"}
Cli = Callable[..., Any]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[Reply]], LLMServer]]:
    started: list[LLMServer] = []

    def start(replies: list[Reply]) -> LLMServer:
        llm = LLMServer(replies).start()
        started.append(llm)
        monkeypatch.setenv("OPENAI_BASE_URL", llm.url)
        monkeypatch.setenv("REVIEWER_LLM_TIMEOUT", "20")
        return llm

    yield start
    for llm in started:
        llm.stop()


def test_runs_built_to_score_known_values(cli: Cli, write_case, server,  # type: ignore[no-untyped-def]
                                          tmp_path: Path) -> None:
    folder = write_case("replicas-cut", SPEC, before=BEFORE, after=AFTER)
    server([
        Reply(200, completion(answer(summary="Cuts replicas from 12 to 2 and deletes the "
                                     "PodDisruptionBudget.", concerns=[GROUNDED]))),
        Reply(200, completion(answer(summary="Cuts replicas and removes the PDB.",
                                     concerns=[GROUNDED, INVENTED]))),
        Reply(200, completion(answer(summary="Cuts replicas to 2 and bumps the image tag.",
                                     concerns=[GROUNDED]))),
        Reply(200, completion("not json")), Reply(200, completion("still not json")),
        error(401, "invalid api key"),
    ])
    out = tmp_path / "live.json"
    result = cli("eval", "prompts", str(folder.parent), "--prompt", "risk-narrative@v1",
                 "--runs", "5", "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    results = read_results(out)
    runs = results.cases[0].narratives["risk-narrative@v1"]
    got = [(r.status, r.valid, r.grounding.hits, r.grounding.total, r.dropped,
            r.coverage.hits, r.coverage.total, [p.point for p in r.mentioned]) for r in runs]
    assert got == [
        ("ok", True, 1, 1, 0, 2, 2, []),                    # everything right
        ("ok", True, 1, 2, 1, 2, 2, []),                    # a concern on an invented path
        ("ok", True, 1, 1, 0, 1, 2, ["image tag"]),         # misses the PDB, says image tag
        ("failed", False, 0, 0, 0, 0, 0, []),               # no JSON even after the repair
        ("failed", None, 0, 0, 0, 0, 0, []),                # the endpoint refused: no answer
    ]
    assert runs[2].points[1].point == "PodDisruptionBudget | PDB"
    assert runs[4].error is not None and "HTTP 401" in runs[4].error
    assert all(r.latency is not None and r.latency > 0 for r in runs)
    assert all(r.origin == "live" and r.cassette is None for r in runs)
    (summary,) = results.prompts
    assert (str(summary.valid), str(summary.grounding), str(summary.coverage)) == (
        "3/4 = 75%", "3/4 = 75%", "5/6 = 83%")
    assert (summary.forbidden, summary.tokens_sent, summary.unpriced) == (1, 900, 0)
    # gpt-4o-mini at $0.15/$0.60 per million: three answers of 900/120 tokens, the failed
    # one's two requests (answer and repair), and nothing for the refused request
    sent, received = 900 * 3 + 1800, 120 * 3 + 240
    assert summary.cost == pytest.approx((sent * 0.15 + received * 0.60) / 1e6)
    assert results.settings.model == "gpt-4o-mini" and results.settings.source == "live"


def test_record_filters_credentials_and_replays_the_same_scores(
        cli: Cli, write_case, server, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    write_case("a-good", SPEC, before=BEFORE, after=AFTER)
    root = write_case("b-refused", SPEC, before=BEFORE, after=AFTER).parent
    llm = server([Reply(200, completion(answer(summary="Cuts replicas; the PDB is deleted.",
                                               concerns=[GROUNDED])),
                        {"set-cookie": "session=s3cr3t", "openai-organization": "org-secret"}),
                  error(401, "invalid api key")])
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    cassettes = tmp_path / "cassettes"
    earlier = cassettes / "risk-narrative@v1" / "b-refused" / "run-1.yaml"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("an earlier recording\n")
    args = ("eval", "prompts", str(root), "--prompt", "risk-narrative@v1", "--cassettes",
            str(cassettes), "--no-progress")
    recorded = cli(*args, "--record", "--output", str(tmp_path / "recorded.json"))
    assert recorded.code == 0, recorded.err
    assert llm.seen[0].raw  # the real request went out
    kept = sorted(p.relative_to(cassettes).as_posix() for p in cassettes.rglob("*"))
    assert kept == ["risk-narrative@v1", "risk-narrative@v1/a-good",
                    "risk-narrative@v1/a-good/run-1.meta.yaml",
                    "risk-narrative@v1/a-good/run-1.yaml", "risk-narrative@v1/b-refused",
                    "risk-narrative@v1/b-refused/run-1.yaml"]
    assert earlier.read_text() == "an earlier recording\n"  # a failed attempt keeps it
    earlier.unlink()
    text = (cassettes / "risk-narrative@v1/a-good/run-1.yaml").read_text()
    assert KEY not in text and "s3cr3t" not in text and "org-secret" not in text
    meta = (cassettes / "risk-narrative@v1/a-good/run-1.meta.yaml").read_text()
    assert "origin: recorded" in meta and f"base_url: {llm.url}" in meta
    first = read_results(tmp_path / "recorded.json")
    refused = first.cases[1].narratives["risk-narrative@v1"][0]
    assert refused.cassette is None and "(not recorded: the narrative failed)" in (
        refused.error or "")

    llm.stop()  # replay needs no server, and no key
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL")
    replayed = cli(*args, "--replay", "--output", str(tmp_path / "replayed.json"))
    assert replayed.code == 0, replayed.err
    again = read_results(tmp_path / "replayed.json")
    live_run = first.cases[0].narratives["risk-narrative@v1"][0]
    (replay_run,) = again.cases[0].narratives["risk-narrative@v1"]
    assert (replay_run.summary, replay_run.grounding, replay_run.points) == (
        live_run.summary, live_run.grounding, live_run.points)
    assert (replay_run.origin, replay_run.latency) == ("recorded", round(live_run.latency or 0, 3))
    assert [c.name for c in again.cases] == ["a-good"] and again.prompts[0].missing == [
        "b-refused"]


def test_ctrl_c_leaves_the_finished_cases_written(write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_case("a-first", SPEC, before=BEFORE, after=AFTER)
    root = write_case("b-second", SPEC, before=BEFORE, after=AFTER).parent
    out = tmp_path / "partial.json"
    llm = LLMServer([Reply(200, completion(answer(concerns=[GROUNDED]))),
                     Reply(hang=True)]).start()
    env = {**os.environ, "OPENAI_BASE_URL": llm.url, "REVIEWER_LLM_TIMEOUT": "60",
           "REVIEWER_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "reviewer.cli", "eval", "prompts", str(root), "--prompt",
               "risk-narrative@v1", "--output", str(out)]
    # A shell without job control starts children with SIGINT ignored: undo that.
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                                        signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 30
        while len(llm.seen) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert len(llm.seen) == 2, "the second case never reached the server"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
        llm.stop()
    assert proc.returncode == 130, stderr
    assert f"interrupted after 1 case(s); partial results in {out}" in stderr
    assert "Traceback" not in stderr
    results = read_results(out)
    assert (results.complete, results.interrupted) == (False, True)
    assert [(c.name, c.narratives["risk-narrative@v1"][0].status) for c in results.cases] == [
        ("a-first", "ok")]
    assert "Interrupted: 1 case(s) finished before Ctrl-C." in stdout
    assert json.loads(out.read_text())["prompts"][0]["runs"] == 1
