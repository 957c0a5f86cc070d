"""The model's final answer: untrusted input, validated strictly.

Every field is required and the schema has no length constraints, so the same model works as
an OpenAI strict ``json_schema`` response format; lengths are capped after validation instead.
Common near-misses from local models ("High", "Warning", "deleted") are mapped rather than
sent back for repair.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from reviewer.narrative.errors import InvalidAnswer

MAX_TEXT = 1_200
MAX_ITEMS = 12

_SEVERITY_WORDS = {"info": "info", "low": "info", "note": "info", "minor": "info",
                   "warn": "warn", "warning": "warn", "medium": "warn", "moderate": "warn",
                   "block": "block", "high": "block", "critical": "block", "blocker": "block"}
_SIDE_WORDS = {"new": "new", "added": "new", "head": "new", "+": "new", "after": "new",
               "old": "old", "removed": "old", "deleted": "old", "base": "old", "-": "old",
               "before": "old"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConcernAnswer(_Strict):
    path: str
    """A file path exactly as in the diff."""
    line: int
    """The line number on ``side``: old-file numbers for removed lines, new-file otherwise."""
    side: Literal["new", "old"]
    severity: Literal["info", "warn", "block"]
    """The model's suggestion only: the verdict never takes it as given."""
    quote: str
    """The line the concern rests on, copied from the diff."""
    text: str

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        return _SEVERITY_WORDS.get(str(value).strip().lower(), value)

    @field_validator("side", mode="before")
    @classmethod
    def _side(cls, value: Any) -> Any:
        return _SIDE_WORDS.get(str(value).strip().lower(), value)


class Answer(_Strict):
    summary: str
    blast_radius: str
    concerns: list[ConcernAnswer]
    questions: list[str]
    pre_merge_checks: list[str]
    post_merge_checks: list[str]

    def capped(self) -> Answer:
        """The same answer with every text and list cut to a size a report can show."""
        def cut(text: str) -> str:
            text = " ".join(text.split())
            return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"

        return Answer(
            summary=cut(self.summary), blast_radius=cut(self.blast_radius),
            concerns=[c.model_copy(update={"text": cut(c.text), "quote": c.quote[:400]})
                      for c in self.concerns[:MAX_ITEMS * 2]],
            questions=[cut(q) for q in self.questions[:MAX_ITEMS]],
            pre_merge_checks=[cut(c) for c in self.pre_merge_checks[:MAX_ITEMS]],
            post_merge_checks=[cut(c) for c in self.post_merge_checks[:MAX_ITEMS]])


_FENCED_JSON = re.compile(r"```(?:json)?\s*(\{.*\})\s*```", re.DOTALL)


def parse_answer(text: str) -> Answer:
    """An answer from the model's text: JSON, possibly inside a Markdown fence."""
    fenced = _FENCED_JSON.search(text)
    body = fenced.group(1) if fenced else text.strip()
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InvalidAnswer(f"the answer is not JSON ({exc.msg} at character {exc.pos})",
                            raw=text) from None
    return validate_answer(data, raw=text)


def validate_answer(data: Any, raw: str = "") -> Answer:
    try:
        return Answer.model_validate(data).capped()
    except ValidationError as exc:
        raise InvalidAnswer(f"the answer does not match the schema: {describe(exc)}",
                            raw=raw or json.dumps(data, default=str)[:4000]) from None


def describe(exc: ValidationError) -> str:
    """The first few problems of a validation error, on one line."""
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "answer"
        parts.append(f"{where}: {error['msg']}")
    more = f" (+{exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
    return "; ".join(parts) + more


def schema_json() -> str:
    """The answer's JSON schema, for prompts where the server cannot enforce it."""
    return json.dumps(Answer.model_json_schema(), separators=(",", ":"))
