"""The narrative in text and Markdown: under the verdict, advisory, model text escaped."""

from __future__ import annotations

from reviewer.analyzers.engine import Skipped
from reviewer.render.narrative import markdown_lines, text_lines
from reviewer.report import Concern, GroundingCounts, NarrativeReport, TokenUse

NARRATIVE = NarrativeReport(
    status="ok", model="gpt-4o-mini", prompt="risk-narrative@v1", output_mode="json_schema",
    summary="Cuts checkout to 2 replicas.\x1b[2J\u202e <script>alert(1)</script> cc @oncall",
    blast_radius="All checkout traffic.",
    concerns=(Concern("deploy/prod/api.yaml", 6, "Too little | headroom.", "warn", True),
              Concern("deploy/prod/api.yaml", 12, "Guard removed.", "block", False, side="old")),
    questions=("Is there an autoscaler?",), pre_merge_checks=("Check peak load.",),
    post_merge_checks=(), tokens=TokenUse(prompt=812), redactions=2,
    grounding=GroundingCounts(1, 1, 1), cache_hit=True,
    clipped=(Skipped("docs/big.md", "hunk @@ -1,400 +1,400 @@ left out: over the budget"),))


def plain(text: str, style: str) -> str:
    return text


def test_text() -> None:
    assert text_lines(NARRATIVE, plain) == [
        "Narrative: ok — advisory, machine-generated (gpt-4o-mini, risk-narrative@v1, json "
        "schema, cached)",
        # the escape character and the bidi override are gone; harmless text stays
        "  Summary: Cuts checkout to 2 replicas.[2J <script>alert(1)</script> cc @oncall",
        "  Blast radius: All checkout traffic.",
        "  Concerns:",
        "    deploy/prod/api.yaml:6  WARN  Too little | headroom.",
        "    deploy/prod/api.yaml:12 (deleted line)  BLOCK  Guard removed.  [unverified: line or "
        "quote not",
        "      found in the file]",
        "  Questions for the author:",
        "    - Is there an autoscaler?",
        "  Before merging:",
        "    - Check peak load.",
        "  1 of 2 concerns grounded in the diff; 1 dropped (file not in the change); 2 values "
        "redacted; 812 prompt tokens",
        "  not shown to the model: docs/big.md: hunk @@ -1,400 +1,400 @@ left out: over the "
        "budget",
    ]


def test_markdown_escapes_model_text() -> None:
    out = "\n".join(markdown_lines(NARRATIVE))
    assert out.startswith("### Risk narrative (advisory, machine-generated)\n\n<sub>gpt-4o-mini, "
                          "risk-narrative@v1, json schema, cached · 1 of 2 concerns grounded")
    assert ("Cuts checkout to 2 replicas.[2J &lt;script>alert(1)&lt;/script> cc &#64;oncall"
            in out)
    assert "| ⚠️ | `deploy/prod/api.yaml:6` | Too little \\| headroom. |" in out
    assert ("| ❔ | `deploy/prod/api.yaml:12 (deleted line)` | Guard removed. _(unverified: "
            "line or quote not found in the file)_ |") in out
    assert "**Questions for the author**\n- Is there an autoscaler?" in out
    assert "After merging" not in out


def test_disabled_and_failed_stay_one_line() -> None:
    failed = NarrativeReport("failed", error="deadline of 60 s exceeded")
    assert text_lines(failed, plain) == ["Narrative: failed (deadline of 60 s exceeded)"]
    assert markdown_lines(failed) == ["<sub>Narrative: failed — deadline of 60 s exceeded</sub>",
                                      ""]
