"""The pieces around a run: the progress bar, Ctrl-C in the loop, the results file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reviewer.errors import UserError
from reviewer.evaluation.progress import Progress
from reviewer.evaluation.results import Results, Settings, read_results, write_results
from reviewer.evaluation.runner import run_each


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_on_a_terminal_only() -> None:
    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(2, "rules", stream=stream)
        bar.advance("first-case")
        bar.advance("second-case")
        bar.close()
    assert pipe.getvalue() == ""
    drawn = tty.getvalue().split("\r")
    # advance() is called as an item starts: the bar shows the ones finished
    assert drawn[1].startswith("rules [" + "-" * 20 + "] 1/2 0s first-case")
    assert drawn[2].startswith("rules [" + "#" * 10 + "-" * 10 + "] 2/2 0s second-case")
    assert drawn[-1] == ""  # the line is cleared at the end
    quiet = Terminal()
    Progress(1, "rules", stream=quiet, enabled=False).advance("x")
    assert quiet.getvalue() == ""


def test_ctrl_c_keeps_what_was_finished() -> None:
    saved: list[list[int]] = []

    def work(n: int) -> int:
        if n == 3:
            raise KeyboardInterrupt
        return n * 10

    done, interrupted = run_each([1, 2, 3, 4], work, lambda so_far: saved.append(list(so_far)))
    assert (done, interrupted) == ([10, 20], True)
    assert saved == [[10], [10, 20]]
    assert run_each([1], work) == ([10], False)


def test_results_round_trip_and_bad_files(tmp_path: Path) -> None:
    results = Results(kind="rules", complete=True, settings=Settings(cases="c", modes=["git"]),
                      cases=[])
    path = tmp_path / "r.json"
    write_results(results, path)
    assert read_results(path) == results
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary left behind
    for text, message in [("{", r"not JSON \(line 1\)"),
                          ('{"format": "other"}', "not a reviewer-eval results file"),
                          ('{"format": "reviewer-eval", "version": 1, "kind": "rules"}',
                           "malformed results file: complete: Field required")]:
        path.write_text(text)
        with pytest.raises(UserError, match=message) as caught:
            read_results(path)
        assert caught.value.where == str(path)
    with pytest.raises(UserError, match="results file not found"):
        read_results(tmp_path / "missing.json")


def test_diff_refuses_results_of_different_kinds(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(cases="c", modes=["git"])
    write_results(Results(kind="rules", complete=True, settings=settings, cases=[]),
                  tmp_path / "a.json")
    write_results(Results(kind="prompts", complete=True, settings=settings, cases=[]),
                  tmp_path / "b.json")
    result = cli("eval", "diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert (result.code, result.err) == (
        2, "reviewer: error: cannot compare a rules run with a prompts run\n")
