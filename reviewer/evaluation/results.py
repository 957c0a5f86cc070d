"""The results file of an evaluation run: what ``reviewer eval`` writes, diffs and renders.

One JSON document per run (``kind`` rules or prompts), rewritten after every case so an
interrupted run leaves what it finished. The same models read it back, strictly: a file that
is not a results file is one clear error, not a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from reviewer.errors import UserError

FORMAT: Final = "reviewer-eval"
VERSION: Final = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rate(_Model):
    """``hits`` out of ``total``: ``Rate(2, 3)`` reads ``2/3 = 67%``."""

    hits: int
    total: int

    def __init__(self, hits: int, total: int) -> None:
        # positional, for tables and tests; pydantic itself validates by keyword
        super().__init__(**{"hits": hits, "total": total})

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        value = self.value
        return "n/a" if value is None else f"{self.hits}/{self.total} = {value:.0%}"


class FindingOut(_Model):
    rule_id: str
    category: str
    severity: str
    path: str
    line: int
    side: str
    message: str
    hit: bool
    """Meets an expectation of the case."""
    false: bool
    """At warn or above and meets none."""


class ExpectationOut(_Model):
    category: str
    rule: str | None
    path: str
    severity: str
    line: int | None
    side: str | None
    where: str
    met_by: list[str]
    flagged: bool

    def describe(self) -> str:
        place = self.path + (f":{self.line}" if self.line else "")
        return f"{self.rule or self.category} >= {self.severity} at {place}"


class ModeOutcome(_Model):
    verdict: str
    verdict_met: bool
    detected: bool
    findings: list[FindingOut]
    expectations: list[ExpectationOut]
    errors: list[str] = []


class PointOut(_Model):
    point: str
    """The point as labelled; alternatives joined with `` | ``."""
    found: bool
    where: str | None = None
    """The part of the narrative that makes it (``summary``, ``concerns[0]``, ...)."""


class ConcernOut(_Model):
    path: str
    line: int
    side: str
    severity: str
    quote: str
    text: str
    grounded: bool


class RunOut(_Model):
    """One narrative for one case, and its scores."""

    run: int
    status: str
    error: str | None = None
    model: str = ""
    output_mode: str = ""
    summary: str = ""
    blast_radius: str = ""
    concerns: list[ConcernOut] = []
    questions: list[str] = []
    pre_merge_checks: list[str] = []
    post_merge_checks: list[str] = []
    valid: bool | None = None
    """An answer that fits the schema (None: no answer for another reason)."""
    repaired: bool = False
    steps: int = 0
    grounding: Rate = Rate(0, 0)
    """Concerns tied to a real line, out of every concern (dropped ones included)."""
    dropped: int = 0
    """Concerns on files outside the change (an invented path)."""
    points: list[PointOut] = []
    forbidden: list[PointOut] = []
    suggested: str = "pass"
    """The verdict the narrative's grounded concerns suggest."""
    tokens_prompt: int = 0
    tokens_sent: int = 0
    tokens_received: int = 0
    latency: float | None = None
    cost: float | None = None
    cassette: str | None = None
    origin: str = "live"
    """live, recorded (a recording made now or replayed), or hand-written (a fixture)."""

    @property
    def coverage(self) -> Rate:
        return Rate(sum(p.found for p in self.points), len(self.points))

    @property
    def mentioned(self) -> list[PointOut]:
        return [p for p in self.forbidden if p.found]


class CaseOut(_Model):
    name: str
    label: str
    description: str
    expected_verdict: str
    diff: str
    must_mention: list[str] = []
    must_not_mention: list[str] = []
    modes: dict[str, ModeOutcome] = {}
    """Rule outcome per mode (prompt runs: the mode the narrative saw)."""
    narratives: dict[str, list[RunOut]] = {}
    """Prompt ``name@vN`` → one entry per run."""


class RuleRow(_Model):
    rule_id: str
    category: str
    hits: int
    false_benign: int
    false_risky: int
    met: int
    expected: int
    missed: list[str]
    wrong: list[str]

    @property
    def precision(self) -> Rate:
        return Rate(self.hits, self.hits + self.false_benign + self.false_risky)

    @property
    def recall(self) -> Rate:
        return Rate(self.met, self.expected)


class CategoryRow(_Model):
    category: str
    rules: int
    expected: int
    matched: int
    flagged: int
    hits: int
    false: int

    @property
    def precision(self) -> Rate:
        return Rate(self.hits, self.hits + self.false)

    @property
    def recall(self) -> Rate:
        return Rate(self.matched, self.expected)


class ConfusionCell(_Model):
    expected: str
    actual: str
    count: int


class ModeSummary(_Model):
    mode: str
    cases: int
    not_run: list[str]
    detection: Rate
    flagged: Rate
    false_alarms: Rate
    verdicts: Rate
    expectations: Rate
    precision: Rate
    confusion: list[ConfusionCell]
    rules: list[RuleRow]
    categories: list[CategoryRow]


class Stability(_Model):
    cases: int
    """Cases with at least two answered runs."""
    concerns: float
    """Mean pairwise Jaccard agreement of the concerns' (path, side, line) sets."""
    verdicts: float
    """Share of runs suggesting the case's most common verdict."""
    points: float
    """Share of expected points found in every run or in none."""


class PromptSummary(_Model):
    prompt: str
    cases: int
    runs: int
    missing: list[str] = []
    """Cases with no cassette for this prompt (replay), not scored."""
    missing_runs: int = 0
    """Runs without a cassette in cases that have some (replay with --runs)."""
    valid: Rate
    repaired: int
    grounding: Rate
    coverage: Rate
    forbidden: int
    """Forbidden points mentioned, over every run."""
    forbidden_cases: int
    benign_escalated: Rate
    """Answered runs on benign cases whose grounded concerns suggest warn or block."""
    tokens_sent: float | None = None
    """Mean per answered run, as the endpoint reported."""
    tokens_received: float | None = None
    latency: float | None = None
    """Mean seconds per run."""
    latency_p95: float | None = None
    cost: float | None = None
    """Total over the runs with a known price, in US dollars."""
    unpriced: int = 0
    stability: Stability | None = None


class Change(_Model):
    """One difference between two runs of the same cases."""

    kind: str
    case: str
    mode: str = ""
    detail: str


class Comparison(_Model):
    before: str
    """What the run is compared with: a revision, a prompt or a results file."""
    after: str
    rules: list[ModeSummary] = []
    """The other side's rule figures (rules comparisons)."""
    changes: list[Change] = []


class Settings(_Model):
    cases: str
    modes: list[str]
    rules: list[str] = []
    prompts: list[str] = []
    source: str | None = None
    """How narratives were obtained: live, replay or record."""
    model: str | None = None
    base_url: str | None = None
    runs: int = 1
    cassettes: str | None = None
    reviewer: str = ""


class Results(_Model):
    format: Literal["reviewer-eval"] = FORMAT
    version: Literal[1] = VERSION
    kind: Literal["rules", "prompts"]
    complete: bool
    interrupted: bool = False
    settings: Settings
    cases: list[CaseOut]
    rules: list[ModeSummary] = []
    prompts: list[PromptSummary] = []
    comparison: Comparison | None = None


def write_results(results: Results, path: Path) -> None:
    """Atomically: a reader (or a Ctrl-C) never sees half a file."""
    data = json.dumps(results.model_dump(mode="json"), indent=1, ensure_ascii=False)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(data + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(f"cannot write the results file: {exc.strerror}",
                        where=str(path)) from None


def read_results(path: Path) -> Results:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("results file not found", where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the results file: {exc}", where=str(path)) from None
    except json.JSONDecodeError as exc:
        raise UserError(f"not JSON (line {exc.lineno}): {exc.msg}", where=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(f"not a {FORMAT} results file (written by reviewer eval --output)",
                        where=str(path))
    try:
        return Results.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"malformed results file: {where}: {first['msg']}",
                        where=str(path)) from None
