"""The HTTP path replayed from vcrpy cassettes: hand-written fixtures (fixtures/cassettes/*.yaml)
and, when a team has recorded them, real exchanges (fixtures/cassettes/recorded/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import vcr

from tests.conftest import DIFFS, FIXTURES
from tests.narrative.conftest import report_of

CASSETTES = FIXTURES / "cassettes"
ONE_FILE = str(DIFFS / "one-file-replicas-cut.diff")
Cli = Callable[..., Any]


@pytest.fixture
def fixture_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    # .invalid never resolves: only the cassette can answer.
    monkeypatch.setenv("OPENAI_BASE_URL", "http://llm.fixture.invalid/v1")


def replay(cli: Cli, cassette: Path, *args: str) -> tuple[int, dict[str, Any], int]:
    with vcr.use_cassette(str(cassette), record_mode="none") as played:
        result = cli("review", *args, "--format", "json")
        return result.code, report_of(result.out), played.play_count


@pytest.mark.usefixtures("fixture_endpoint")
def test_good_answer(cli: Cli) -> None:
    code, report, plays = replay(cli, CASSETTES / "good-answer.yaml", ONE_FILE)
    n = report["narrative"]
    assert (code, report["verdict"], n["status"], plays) == (1, "block", "ok", 1)
    assert n["summary"].startswith("Cuts the production checkout deployment from 12 to 2")
    assert [(c["path"], c["line"], c["grounded"]) for c in n["concerns"]] == [
        ("deploy/prod/checkout/deployment.yaml", 6, True)]
    assert n["questions"] == ["Is a HorizontalPodAutoscaler managing this deployment, and what "
                              "is its minReplicas?"]
    assert (n["tokens"]["sent"], n["tokens"]["received"]) == (812, 164)


@pytest.mark.usefixtures("fixture_endpoint")
def test_repair(cli: Cli) -> None:
    code, report, plays = replay(cli, CASSETTES / "repair.yaml", ONE_FILE)
    n = report["narrative"]
    assert (code, n["status"], n["repaired"], n["steps"], plays) == (1, "ok", True, 2, 2)
    assert (n["tokens"]["sent"], n["tokens"]["received"]) == (812 + 1090, 21 + 88)
    assert n["grounding"] == {"grounded": 1, "ungrounded": 0, "dropped": 0}


@pytest.mark.usefixtures("fixture_endpoint")
def test_refusal(cli: Cli) -> None:
    code, report, plays = replay(cli, CASSETTES / "refusal.yaml", ONE_FILE)
    n = report["narrative"]
    assert (n["status"], plays) == ("failed", 1)
    assert n["error"] == ("the model refused: I'm sorry, but I can't help with reviewing this "
                          "content.")
    assert (code, report["verdict"]) == (1, "block")


@pytest.mark.usefixtures("fixture_endpoint")
def test_an_answer_about_another_change_is_not_grounded_and_moves_nothing(cli: Cli) -> None:
    # The benign change touches the same file, but line 6 there is not "replicas: 2".
    benign = str(DIFFS / "benign-scale-up-and-image-bump.diff")
    code, report, _ = replay(cli, CASSETTES / "good-answer.yaml", benign)
    n = report["narrative"]
    assert (n["status"], [c["grounded"] for c in n["concerns"]]) == ("ok", [False])
    assert (code, report["verdict"]) == (0, "pass")


RECORDED = [pytest.param(p, id=p.stem) for p in sorted((CASSETTES / "recorded").glob("*.yaml"))]
NO_RECORDING = pytest.param(None, id="none", marks=pytest.mark.skip(
    reason="fixtures/cassettes/recorded/ holds no recording from a real model yet; "
           "scripts/record_cassette.py makes one where an endpoint and key exist"))


@pytest.mark.parametrize("cassette", RECORDED or [NO_RECORDING])
def test_recorded_exchanges_replay(cli: Cli, cassette: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A recording replays to an ``ok`` narrative for the diff it was recorded with (named in
    its ``.diff`` sibling); see scripts/record_cassette.py."""
    import yaml

    data = yaml.safe_load(cassette.read_text())
    uri = data["interactions"][0]["request"]["uri"]
    monkeypatch.setenv("OPENAI_BASE_URL", uri.rsplit("/chat/completions", 1)[0])
    monkeypatch.setenv("REVIEWER_MODEL", cassette.with_suffix(".model").read_text().strip())
    _, report, _ = replay(cli, cassette, str(cassette.with_suffix(".diff")))
    assert report["narrative"]["status"] == "ok"
