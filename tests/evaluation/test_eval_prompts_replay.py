"""``reviewer eval prompts --replay`` on the starter cases' hand-written cassettes: offline,
and every figure is known from what the fixtures were written to show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.evaluation.results import Results, read_results
from tests.conftest import FIXTURES

CASES = FIXTURES / "cases"
CASSETTES = FIXTURES / "cassettes" / "eval"
TEAM_PROMPTS = FIXTURES / "eval" / "prompts"
LEDGER = "ledger-db-major-upgrade-protection-off"
SEARCH = "search-config-pushed-to-every-region"
MEMORY = "search-prod-memory-limit-raised"
Cli = Callable[..., Any]


def replay(cli: Cli, out: Path, *args: str) -> tuple[Any, Results]:
    result = cli("eval", "prompts", str(CASES), "--only", LEDGER, SEARCH, MEMORY, "--replay",
                 "--cassettes", str(CASSETTES), "--prompts", str(TEAM_PROMPTS),
                 "--output", str(out), "--no-progress", *args)
    assert result.code == 0, result.err
    return result, read_results(out)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Results]:
    """One replay shared by the tests below: risk-narrative@v1, two runs per case."""
    from reviewer.cli import main

    out = tmp_path_factory.mktemp("replay") / "two-runs.json"
    code = main(["eval", "prompts", str(CASES), "--only", LEDGER, SEARCH, MEMORY, "--replay",
                 "--cassettes", str(CASSETTES), "--prompt", "risk-narrative@v1", "--runs", "2",
                 "--output", str(out), "--no-progress"])
    assert code == 0
    return out.read_text(), read_results(out)


# case, run → grounded/concerns, dropped, points made/expected, forbidden mentioned, suggests
EXPECTED_RUNS = {
    (LEDGER, 1): (2, 2, 0, 2, 2, [], "block"),
    (LEDGER, 2): (1, 2, 1, 2, 2, ["read replica | replicas"], "block"),  # invented path
    (SEARCH, 1): (1, 1, 0, 1, 2, [], "warn"),  # misses validate_schema
    (SEARCH, 2): (2, 2, 0, 2, 2, [], "warn"),
    (MEMORY, 1): (0, 0, 0, 1, 1, [], "pass"),
    (MEMORY, 2): (1, 2, 0, 1, 1, [], "pass"),  # a misquoted warn concern cannot escalate
}


def test_each_replayed_run_scores_what_its_fixture_shows(two_runs: tuple[str, Results]) -> None:
    _, results = two_runs
    runs = {(c.name, r.run): r for c in results.cases for r in c.narratives["risk-narrative@v1"]}
    got = {key: (r.grounding.hits, r.grounding.total, r.dropped, r.coverage.hits,
                 r.coverage.total, [p.point for p in r.mentioned], r.suggested)
           for key, r in runs.items()}
    assert got == EXPECTED_RUNS
    assert {r.origin for r in runs.values()} == {"hand-written"}
    assert all(r.valid and r.status == "ok" and r.model == "fixture-model" for r in runs.values())
    missed = [(key, p.point) for key, r in runs.items() for p in r.points if not p.found]
    assert missed == [((SEARCH, 1), "validate_schema")]
    assert runs[(LEDGER, 2)].mentioned[0].where == "summary"
    assert runs[(LEDGER, 1)].points[1].where == "summary"  # "apply_immediately"
    assert [(c.path, c.line, c.grounded) for c in runs[(MEMORY, 2)].concerns] == [
        ("deploy/prod/search/deployment.yaml", 24, True),
        ("deploy/prod/search/hpa.yaml", 12, False)]


def test_the_prompt_figures(two_runs: tuple[str, Results]) -> None:
    _, results = two_runs
    (summary,) = results.prompts
    assert (summary.cases, summary.runs, str(summary.valid), summary.repaired) == (
        3, 6, "6/6 = 100%", 0)
    assert (str(summary.grounding), str(summary.coverage)) == ("7/9 = 78%", "9/10 = 90%")
    assert (summary.forbidden, summary.forbidden_cases, str(summary.benign_escalated)) == (
        1, 1, "0/2 = 0%")
    assert summary.tokens_sent == pytest.approx((941 + 891 + 893) * 2 / 6)
    assert summary.tokens_received == pytest.approx((342 + 229 + 200 + 250 + 138 + 202) / 6)
    assert summary.latency == pytest.approx((2.84 + 3.41 + 2.12 + 2.57 + 1.63 + 2.05) / 6)
    assert summary.latency_p95 == 3.41
    assert (summary.cost, summary.unpriced) == (None, 6)  # no price for "fixture-model"
    assert summary.stability is not None
    # concerns: ledger 1/2 (run 2 lost line 12), search 1/2, memory 0 (none vs two) → 1/3;
    # points: ledger and memory steady, search half (validate_schema) → 5/6
    assert (summary.stability.cases, summary.stability.verdicts) == (3, 1.0)
    assert summary.stability.concerns == pytest.approx(1 / 3)
    assert summary.stability.points == pytest.approx(5 / 6)
    assert len(summary.missing) == 0 and results.complete and not results.interrupted


def test_the_text_report(cli: Cli, tmp_path: Path) -> None:
    result, _ = replay(cli, tmp_path / "r.json", "--prompt", "risk-narrative@v1", "--runs", "2")
    lines = result.out.splitlines()
    assert lines[0] == ("Prompt evaluation: 3 cases (2 risky, 1 benign), replayed from "
                        "cassettes: 6 hand-written fixture(s), 0 recording(s)")
    row = {ln.split("  ")[1].strip(): ln.split("  ")[-1].strip()
           for ln in lines[2:15] if ln.startswith("  ")}
    assert row["grounded concerns"] == "7/9 = 78%"
    assert row["expected points covered"] == "9/10 = 90%"
    assert row["forbidden points mentioned"] == "1 in 1 case(s)"
    assert row["stability across runs"] == "concerns 33%, verdicts 100%, points 83% (3 cases)"
    assert (f"  {LEDGER} (risk-narrative@v1, run 2): read replica | replicas (in summary)"
            in lines)
    assert f"  {SEARCH} (risk-narrative@v1, run 1): validate_schema" in lines
    assert (f"  {MEMORY} (risk-narrative@v1, run 2): 1 concern(s) not grounded (0 on files "
            "outside the change; unverified at deploy/prod/search/hpa.yaml:12)") in lines


def test_a_price_file_gives_the_cost(cli: Cli, tmp_path: Path) -> None:
    prices = tmp_path / "prices.yaml"
    prices.write_text("fixture-model: {input: 1.0, output: 2.0}\n")
    _, results = replay(cli, tmp_path / "r.json", "--prompt", "risk-narrative@v1", "--runs",
                        "2", "--prices", str(prices))
    sent, received = (941 + 891 + 893) * 2, 342 + 229 + 200 + 250 + 138 + 202
    assert results.prompts[0].cost == pytest.approx((sent * 1.0 + received * 2.0) / 1e6)
    assert results.prompts[0].unpriced == 0


def test_two_prompts_side_by_side_and_what_moved(cli: Cli, tmp_path: Path) -> None:
    result, results = replay(cli, tmp_path / "r.json", "--prompt", "risk-narrative@v1",
                             "--compare", "terse-narrative@v1")
    assert [(s.prompt, str(s.coverage)) for s in results.prompts] == [
        ("risk-narrative@v1", "4/5 = 80%"), ("terse-narrative@v1", "4/5 = 80%")]
    lines = result.out.splitlines()
    start = lines.index("From risk-narrative@v1 to terse-narrative@v1")
    assert lines[start + 1:start + 4] == [
        "Changes (2)",
        f"  point lost          {LEDGER}: apply_immediately | immediately",
        f"  point gained        {SEARCH}: validate_schema"]


def test_eval_diff_of_two_results_files(cli: Cli, tmp_path: Path) -> None:
    replay(cli, tmp_path / "a.json", "--prompt", "risk-narrative@v1")
    replay(cli, tmp_path / "b.json", "--prompt", "terse-narrative@v1")
    result = cli("eval", "diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                 "--output", str(tmp_path / "diff.json"))
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == (f"prompts: {tmp_path / 'a.json'} (risk-narrative@v1) -> "
                        f"{tmp_path / 'b.json'} (terse-narrative@v1)")
    covered = next(ln for ln in lines if ln.startswith("expected points covered"))
    assert covered.split()[-7:] == ["4/5", "=", "80%", "4/5", "=", "80%", "="]
    assert f"  point lost          {LEDGER}: apply_immediately | immediately" in lines
    assert '"kind": "point gained"' in (tmp_path / "diff.json").read_text()


def test_cases_without_cassettes_are_counted_not_scored(cli: Cli, tmp_path: Path) -> None:
    result = cli("eval", "prompts", str(CASES), "--only", LEDGER,
                 "checkout-prod-capacity-cut-pdb-deleted", "--replay", "--cassettes",
                 str(CASSETTES), "--prompt", "risk-narrative@v1", "--runs", "3", "--no-progress")
    assert result.code == 0
    assert ("  no cassette for risk-narrative@v1: 1 case(s) and 1 run(s) of the others not "
            "scored (record them with --record)") in result.out.splitlines()


@pytest.mark.parametrize(("args", "message"), [
    (["--prompt", "risk-narrative@v9", "--replay"], "prompt risk-narrative@v9 not found"),
    (["--prompt", "risk-narrative"], "no LLM endpoint: set OPENAI_API_KEY"),
    (["--prompt", "risk-narrative@v1", "--replay", "--runs", "0"], "--runs must be at least 1"),
])
def test_usage_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli("eval", "prompts", str(CASES), "--only", LEDGER, *args)
    assert result.code == 2 and message in result.err, result.err
