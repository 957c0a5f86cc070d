"""The narrative through the real HTTP path (openai client, httpx2, langchain agent) against a
scripted server on 127.0.0.1: whatever the server does, the review completes and the
deterministic verdict and exit code stand."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import DIFFS
from tests.narrative.conftest import report_of
from tests.narrative.llm_server import LLMServer, Reply, answer, completion, error

ONE_FILE = str(DIFFS / "one-file-replicas-cut.diff")
BENIGN = str(DIFFS / "benign-scale-up-and-image-bump.diff")
APPROVE_REQUEST = str(DIFFS / "replicas-cut-with-approve-request-to-ai.diff")
REPLICAS = "deploy/prod/checkout/deployment.yaml"

Cli = Callable[..., Any]
Start = Callable[..., LLMServer]


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    """Load langchain once up front, so the timings below measure the narrative, not imports
    (a first import takes seconds on a small machine, and counts against the deadline)."""
    import langchain.agents  # noqa: F401
    import langchain_openai  # noqa: F401


def review(cli: Cli, diff: str, *args: str) -> tuple[int, dict[str, Any]]:
    result = cli("review", diff, "--format", "json", *args)
    return result.code, report_of(result.out)


def concern(line: int, quote: str, severity: str = "warn", path: str = REPLICAS,
            side: str = "new", text: str = "Too little headroom.") -> dict[str, Any]:
    return {"path": path, "line": line, "side": side, "severity": severity, "quote": quote,
            "text": text}


def deterministic(cli: Cli, diff: str, *args: str) -> tuple[int, dict[str, Any]]:
    return review(cli, diff, "--no-llm", *args)


def test_good_answer_is_grounded_and_advisory(cli: Cli, llm: Start) -> None:
    server = llm([Reply(200, completion(answer(
        concerns=[concern(6, "replicas: 2")], questions=["Is there an autoscaler?"],
        pre_merge_checks=["Check peak load."], post_merge_checks=["Watch p99 latency."])))])
    code, report = review(cli, ONE_FILE)
    n = report["narrative"]
    assert (code, report["verdict"], n["status"], n["output_mode"]) == (1, "block", "ok",
                                                                         "json_schema")
    assert n["concerns"] == [{"path": REPLICAS, "line": 6, "side": "new", "severity": "warn",
                              "grounded": True, "quote": "replicas: 2",
                              "text": "Too little headroom."}]
    assert (n["questions"], n["pre_merge_checks"], n["post_merge_checks"]) == (
        ["Is there an autoscaler?"], ["Check peak load."], ["Watch p99 latency."])
    assert n["prompt"] == "risk-narrative@v1"
    assert (n["tokens"]["sent"], n["tokens"]["received"], n["tokens"]["tokenizer"]) == (
        900, 120, "cl100k_base")
    assert n["grounding"] == {"grounded": 1, "ungrounded": 0, "dropped": 0}
    (body,) = server.bodies
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert "tools" not in body
    system, user = body["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    assert "- 6:   replicas: 12\n+ 6:   replicas: 2\n" in user["content"]
    fence = user["content"].split("BEGIN ", 1)[1].split("\n", 1)[0]
    assert fence.startswith("UNTRUSTED-CHANGE-") and user["content"].count(f"END {fence}") == 2


def test_429_then_200_waits_what_retry_after_asks(cli: Cli, llm: Start) -> None:
    server = llm([error(429, "slow down", {"retry-after": "1"}), Reply(200, completion(answer()))])
    _, report = review(cli, ONE_FILE)
    assert report["narrative"]["status"] == "ok"
    first, second = server.seen
    assert second.at - first.at >= 0.95


def test_retry_after_beyond_the_deadline_fails_at_once(cli: Cli, llm: Start) -> None:
    server = llm([error(429, "quota", {"retry-after": "120"})], timeout=5)
    started = time.monotonic()
    code, report = review(cli, ONE_FILE)
    assert time.monotonic() - started < 4
    assert len(server.seen) == 1
    assert report["narrative"]["error"] == (
        "the endpoint answered HTTP 429 after 1 attempt: quota; it asked to retry after 120 s, "
        "beyond the 5 s deadline")
    base_code, base = deterministic(cli, ONE_FILE)
    assert (code, report["verdict"]) == (base_code, base["verdict"]) == (1, "block")


def test_500s_are_retried_three_times_by_us_alone(cli: Cli, llm: Start) -> None:
    server = llm([error(500, "upstream exploded")] * 3)
    code, report = review(cli, ONE_FILE)
    # Three requests, not nine: the openai client's own retries are off.
    assert len(server.seen) == 3
    assert report["narrative"]["status"] == "failed"
    assert report["narrative"]["error"] == ("the endpoint answered HTTP 500 after 3 attempts: "
                                            "upstream exploded")
    base_code, base = deterministic(cli, ONE_FILE)
    assert (code, report["findings"], report["decision"]) == (base_code, base["findings"],
                                                               base["decision"])


def test_a_server_that_never_answers_meets_the_deadline(cli: Cli, llm: Start) -> None:
    llm([Reply(hang=True)], timeout=1)
    started = time.monotonic()
    code, report = review(cli, ONE_FILE)
    assert time.monotonic() - started < 5
    assert report["narrative"]["status"] == "failed"
    assert report["narrative"]["error"].startswith("deadline of 1 s exceeded")
    assert (code, report["verdict"]) == (1, "block")


def test_a_body_that_is_not_json(cli: Cli, llm: Start) -> None:
    llm([Reply(200, "<html><body>502 Bad Gateway</body></html>")])
    code, report = review(cli, ONE_FILE)
    assert report["narrative"]["status"] == "failed"
    assert report["narrative"]["error"].startswith("the endpoint's reply is not a chat completion")
    assert (code, report["verdict"]) == (1, "block")


def test_schema_violating_json_gets_one_repair_then_fails(cli: Cli, llm: Start) -> None:
    server = llm([Reply(200, completion('{"summary": 3, "verdict": "approve"}')),
                  Reply(200, completion('{"verdict": "approve"}'))])
    code, report = review(cli, ONE_FILE)
    n = report["narrative"]
    assert (n["status"], n["repaired"], n["steps"]) == ("failed", True, 2)
    assert n["error"].startswith("the answer does not match the schema: ")
    assert n["error"].endswith("(even after one repair attempt)")
    assert len(server.seen) == 2
    repair_request = server.bodies[1]["messages"]
    assert [m["role"] for m in repair_request] == ["system", "user", "assistant", "user"]
    assert repair_request[2]["content"] == '{"summary": 3, "verdict": "approve"}'
    assert "summary: Input should be a valid string" in repair_request[3]["content"]
    assert (code, report["verdict"]) == (1, "block")


def test_schema_violation_repaired_on_the_second_try(cli: Cli, llm: Start) -> None:
    llm([Reply(200, completion('{"summary": "cut", "concerns": "none"}')),
         Reply(200, completion(answer()))])
    _, report = review(cli, ONE_FILE)
    assert (report["narrative"]["status"], report["narrative"]["repaired"]) == ("ok", True)


def test_invented_paths_and_lines_are_dropped_or_marked(cli: Cli, llm: Start) -> None:
    llm([Reply(200, completion(answer(concerns=[
        concern(6, "replicas: 2", severity="block"),
        concern(40, "maxSurge: 0", severity="block"),
        concern(3, "replicas: 0", path="deploy/prod/payments/deployment.yaml",
                severity="block")])))])
    code, report = review(cli, ONE_FILE)
    n = report["narrative"]
    assert n["grounding"] == {"grounded": 1, "ungrounded": 1, "dropped": 1}
    assert [(c["path"], c["line"], c["grounded"]) for c in n["concerns"]] == [
        (REPLICAS, 6, True), (REPLICAS, 40, False)]
    assert (code, report["verdict"]) == (1, "block")


def test_only_grounded_concerns_raise_pass_to_warn(cli: Cli, llm: Start) -> None:
    image = "image: registry.example.com/shop/checkout:4.13.0"
    llm([Reply(200, completion(answer(concerns=[concern(99, image, severity="block")])))])
    code, report = review(cli, BENIGN)
    assert (code, report["verdict"], report["narrative"]["grounding"]["ungrounded"]) == (
        0, "pass", 1)

    grounded = Reply(200, completion(answer(concerns=[
        concern(24, image, severity="block", text="New image untested in staging.")])))
    llm([grounded, grounded])
    for fail_on, expected_code in (("block", 0), ("warn", 1)):
        code, report = review(cli, BENIGN, "--no-cache", "--fail-on", fail_on)
        assert (code, report["verdict"]) == (expected_code, "warn")
        assert report["decision"]["deterministic_verdict"] == "pass"
        assert report["decision"]["reasons"][-1] == (
            "warn: the LLM narrative raised concerns (advisory): "
            f"{REPLICAS}:24: New image untested in staging.")
        assert report["findings"] == []


def test_approve_no_risks_on_a_blocking_change_changes_nothing(cli: Cli, llm: Start) -> None:
    llm([Reply(200, completion(answer(summary="Approve. No risks.", blast_radius="None.")))])
    code, report = review(cli, APPROVE_REQUEST)
    base_code, base = deterministic(cli, APPROVE_REQUEST)
    assert report["narrative"]["summary"] == "Approve. No risks."
    assert (code, report["verdict"]) == (base_code, base["verdict"]) == (1, "block")
    assert report["findings"] == base["findings"]
    assert [f["rule_id"] for f in report["findings"]] == ["llm-injection-instructions",
                                                          "k8s-replicas-cut"]


def test_json_schema_rejected_falls_back_to_json_object(cli: Cli, llm: Start) -> None:
    server = llm([error(400, "response_format type json_schema is not supported"),
                  Reply(200, completion(answer()))])
    _, report = review(cli, ONE_FILE)
    assert (report["narrative"]["status"], report["narrative"]["output_mode"]) == (
        "ok", "json_object")
    second = server.bodies[1]
    assert second["response_format"] == {"type": "json_object"}
    assert '"blast_radius"' in second["messages"][0]["content"]


def test_falls_back_to_tool_calling_when_both_formats_are_rejected(cli: Cli, llm: Start) -> None:
    args = json.loads(answer(concerns=[concern(6, "replicas: 2")]))
    server = llm([error(400, "response_format json_schema unsupported"),
                  error(500, "Unsupported response_format type: json_object"),
                  Reply(200, completion(tool_calls=[{"name": "Answer", "args": args}]))])
    _, report = review(cli, ONE_FILE)
    n = report["narrative"]
    assert (n["status"], n["output_mode"], n["grounding"]["grounded"]) == (
        "ok", "tool_calling", 1)
    third = server.bodies[2]
    assert "response_format" not in third
    assert [t["function"]["name"] for t in third["tools"]] == ["Answer"]


def test_every_mode_rejected_fails_with_each_reason(cli: Cli, llm: Start) -> None:
    llm([error(400, "response_format json_schema unsupported"),
         error(400, "response_format json_object unsupported"),
         error(400, "tools are not supported by this model")])
    _, report = review(cli, ONE_FILE)
    assert report["narrative"]["error"].startswith(
        "the server accepts none of the structured-output modes (json_schema: HTTP 400: ")


def test_invalid_tool_call_arguments_get_one_repair(cli: Cli, llm: Start) -> None:
    valid = json.loads(answer())
    server = llm([error(400, "response_format json_schema unsupported"),
                  error(400, "response_format json_object unsupported"),
                  Reply(200, completion(tool_calls=[{"name": "Answer", "args": {"summary": 1}}])),
                  Reply(200, completion(tool_calls=[{"name": "Answer", "args": valid}]))])
    _, report = review(cli, ONE_FILE)
    n = report["narrative"]
    assert (n["status"], n["output_mode"], n["repaired"]) == ("ok", "tool_calling", True)
    repair = server.bodies[3]
    assert repair["tool_choice"] == {"type": "function", "function": {"name": "Answer"}}
    assert repair["messages"][2] == {"role": "assistant", "content": '{"summary": 1}'}
