"""What a case's ``case.yaml`` may say, validated strictly (unknown fields are errors)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewer.analyzers.rule_model import RULE_ID
from reviewer.categories import CategorySlug
from reviewer.diff.model import Side
from reviewer.severity import Severity, Verdict


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def check_relative_path(path: str) -> str:
    """A repository path as git prints it: relative, forward slashes, no ``..``."""
    parts = path.split("/")
    if (not path or path.startswith("/") or "\\" in path or "\n" in path
            or any(part in ("", ".", "..") for part in parts)):
        raise ValueError(f"{path!r} is not a relative repository path (like deploy/app.yaml)")
    return path


class ExpectedFinding(_Strict):
    """A finding a careful reviewer expects: at least this severity, at this file."""

    category: CategorySlug
    path: str
    severity: Severity
    """The minimum severity: a finding at this severity or above matches."""
    rule: str | None = Field(default=None, pattern=RULE_ID)
    """When given, the finding must come from this rule (not just this category)."""
    line: int | None = Field(default=None, ge=1)
    side: Side | None = None
    """``old`` for a finding on a deleted line, ``new`` for an added one."""

    _path = field_validator("path")(check_relative_path)


class Expectation(_Strict):
    verdict: Verdict
    """The minimum verdict for a risky case; ``pass`` for a benign one."""
    findings: tuple[ExpectedFinding, ...] = ()


Point = str | tuple[str, ...]
"""A point a narrative makes: one phrase, or a list of phrasings any of which counts
(``[PodDisruptionBudget, PDB]``)."""


def _check_point(point: Point) -> Point:
    phrases = (point,) if isinstance(point, str) else point
    if not phrases or any(not p.strip() for p in phrases):
        raise ValueError("a point is a phrase or a non-empty list of phrases, none blank")
    return point


class NarrativeExpectation(_Strict):
    """Points a good narrative makes (and must not make), for prompt evaluation."""

    must_mention: tuple[Point, ...] = ()
    must_not_mention: tuple[Point, ...] = ()

    @field_validator("must_mention", "must_not_mention")
    @classmethod
    def _points(cls, points: tuple[Point, ...]) -> tuple[Point, ...]:
        return tuple(_check_point(p) for p in points)


class CaseSpec(_Strict):
    description: str = Field(min_length=1)
    label: Literal["risky", "benign"]
    expect: Expectation
    narrative: NarrativeExpectation = NarrativeExpectation()

    @model_validator(mode="after")
    def _consistent(self) -> CaseSpec:
        expect = self.expect
        if self.label == "benign":
            if expect.verdict is not Verdict.PASS:
                raise ValueError("a benign case expects verdict pass")
            if expect.findings:
                raise ValueError("a benign case lists no expected findings")
            return self
        if expect.verdict is Verdict.PASS:
            raise ValueError("a risky case expects verdict warn or block")
        if not expect.findings:
            raise ValueError("a risky case lists at least one expected finding")
        strongest = max(Verdict.of(f.severity) for f in expect.findings)
        if strongest > expect.verdict:
            raise ValueError(f"an expected finding is {strongest.value}, so the verdict "
                             f"cannot be lower than {strongest.value}")
        return self
