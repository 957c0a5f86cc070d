"""The model's answer is untrusted input: validated strictly, near-misses mapped, sizes capped."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reviewer.narrative.answer import MAX_ITEMS, MAX_TEXT, Answer, parse_answer
from reviewer.narrative.errors import InvalidAnswer

CONCERN = {"path": "a.yaml", "line": 3, "side": "new", "severity": "warn", "quote": "x: 1",
           "text": "t"}


def body(**fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"summary": "s", "blast_radius": "b", "concerns": [CONCERN],
                            "questions": [], "pre_merge_checks": [], "post_merge_checks": []}
    data.update(fields)
    return data


@pytest.mark.parametrize("text", [
    json.dumps(body()),
    "```json\n" + json.dumps(body()) + "\n```",
    "Here is my review:\n```\n" + json.dumps(body()) + "\n```\nThanks!",
])
def test_parses_json_and_fenced_json(text: str) -> None:
    answer = parse_answer(text)
    assert (answer.summary, answer.concerns[0].path, answer.concerns[0].line) == ("s", "a.yaml", 3)


@pytest.mark.parametrize(("severity", "side", "expected"), [
    ("High", "deleted", ("block", "old")), ("Warning", "+", ("warn", "new")),
    (" low ", "OLD", ("info", "old")), ("critical", "after", ("block", "new")),
])
def test_near_misses_are_mapped(severity: str, side: str, expected: tuple[str, str]) -> None:
    concern = dict(CONCERN, severity=severity, side=side)
    got = parse_answer(json.dumps(body(concerns=[concern]))).concerns[0]
    assert (got.severity, got.side) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("Sure! It looks fine.", "the answer is not JSON (Expecting value at character 0)"),
    (json.dumps(body(summary=3)), "the answer does not match the schema: summary: Input should "
                                  "be a valid string"),
    (json.dumps(body(verdict="approve")), "the answer does not match the schema: verdict: "
                                          "Extra inputs are not permitted"),
    (json.dumps(body(concerns=[dict(CONCERN, severity="catastrophic")])),
     "the answer does not match the schema: concerns.0.severity: Input should be 'info', "
     "'warn' or 'block'"),
])
def test_invalid_answers_say_why(text: str, message: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(text)
    assert str(caught.value) == message
    assert caught.value.raw == text


def test_sizes_are_capped() -> None:
    answer = parse_answer(json.dumps(body(summary="word " * 1000,
                                          questions=[f"q{i}" for i in range(40)])))
    assert len(answer.summary) == MAX_TEXT and answer.summary.endswith("…")
    assert answer.questions == [f"q{i}" for i in range(MAX_ITEMS)]


def test_the_schema_suits_strict_structured_outputs() -> None:
    def objects(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            found = [node] if node.get("type") == "object" else []
            return found + [o for v in node.values() for o in objects(v)]
        return [o for v in node for o in objects(v)] if isinstance(node, list) else []

    for obj in objects(Answer.model_json_schema()):
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
