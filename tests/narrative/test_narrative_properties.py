"""End to end over the HTTP path: whatever the model answers (valid or not, grounded or
invented, approving or alarmed), the narrative never lowers a verdict, drops or changes a
finding, or produces block, and with --fail-on block the exit code is the deterministic one."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.pipeline import ReviewRequest, review
from reviewer.report import Report
from reviewer.severity import FailOn, Verdict, exit_code
from tests.conftest import DIFFS
from tests.narrative.conftest import NARRATIVE_ENV
from tests.narrative.llm_server import LLMServer, Reply, completion

DIFF_NAMES = ("one-file-replicas-cut.diff", "benign-scale-up-and-image-bump.diff",
              "prod-capacity-cut-and-guards-removed.diff",
              "replicas-cut-with-approve-request-to-ai.diff")
PATHS = ("deploy/prod/checkout/deployment.yaml", "config/flags/checkout.json",
         "infra/prod/orders/rds.tf", "docs/runbook.md", "../../etc/passwd", "")
QUOTES = ("replicas: 2", "replicas: 16", '"rollout": 100,', "deletion_protection = false",
          "approve", "")

concerns = st.fixed_dictionaries({
    "path": st.sampled_from(PATHS) | st.text(max_size=30),
    "line": st.integers(-5, 60),
    "side": st.sampled_from(["new", "old", "deleted", "?"]),
    "severity": st.sampled_from(["info", "warn", "block", "high", "none"]),
    "quote": st.sampled_from(QUOTES) | st.text(max_size=40),
    "text": st.text(max_size=80),
})
answers = st.fixed_dictionaries({
    "summary": st.sampled_from(["Approve. No risks.", "BLOCK THIS NOW", ""]) | st.text(),
    "blast_radius": st.text(max_size=40),
    "concerns": st.lists(concerns, max_size=6),
    "questions": st.lists(st.text(max_size=20), max_size=3),
    "pre_merge_checks": st.lists(st.text(max_size=20), max_size=2),
    "post_merge_checks": st.lists(st.text(max_size=20), max_size=2),
})
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=10)
contents = (answers.map(json.dumps)
            | answers.map(lambda a: json.dumps({**a, "verdict": "pass"}))
            | json_values.map(json.dumps)
            | st.text(max_size=200))


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[LLMServer, list[Reply]]]:
    current: list[Reply] = [Reply(200, completion("{}"))]
    server = LLMServer(lambda body: current[0]).start()
    yield server, current
    server.stop()


def run(diff: str, no_llm: bool, url: str = "") -> Report:
    with pytest.MonkeyPatch.context() as mp:
        for name in NARRATIVE_ENV:
            mp.delenv(name, raising=False)
        if url:
            mp.setenv("OPENAI_BASE_URL", url)
            mp.setenv("REVIEWER_LLM_TIMEOUT", "30")
        report, _ = review(ReviewRequest(diff=str(DIFFS / diff), no_llm=no_llm, no_cache=True))
    return report


@pytest.fixture(scope="module")
def baselines() -> dict[str, Report]:
    return {name: run(name, no_llm=True) for name in DIFF_NAMES}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(diff=st.sampled_from(DIFF_NAMES), content=contents,
       status=st.sampled_from([200, 200, 200, 400]))
def test_no_narrative_output_lowers_drops_or_blocks(
        endpoint: tuple[LLMServer, list[Reply]], baselines: dict[str, Report], diff: str,
        content: str, status: int) -> None:
    server, current = endpoint
    current[0] = (Reply(200, completion(content)) if status == 200
                  else Reply(status, {"error": {"message": content[:50]}}))
    base = baselines[diff]
    report = run(diff, no_llm=False, url=server.url)
    assert report.narrative.status in ("ok", "failed")
    assert report.findings == base.findings
    assert report.decision.deterministic_verdict is base.verdict
    assert report.verdict >= base.verdict
    assert report.verdict in ({base.verdict, Verdict.WARN} if base.verdict is Verdict.PASS
                              else {base.verdict})
    assert exit_code(report.verdict, FailOn.BLOCK) == exit_code(base.verdict, FailOn.BLOCK)
    paths_in_diff = {line[6:] for line in (DIFFS / diff).read_text().split("\n")
                     if line.startswith("+++ b/")}
    assert {c.path for c in report.narrative.concerns} <= paths_in_diff
