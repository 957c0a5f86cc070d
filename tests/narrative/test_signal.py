"""What the reconciler sees of a narrative: only grounded concerns, and only when it ran."""

from __future__ import annotations

import pytest

from reviewer.narrative.signal import signal_of
from reviewer.reconcile import NarrativeSignal
from reviewer.report import Concern, NarrativeReport
from reviewer.severity import Verdict


def concern(severity: str, grounded: bool = True, line: int = 3) -> Concern:
    return Concern("a.yaml", line, f"{severity} risk", severity, grounded)


@pytest.mark.parametrize(("narrative", "expected"), [
    (NarrativeReport("disabled"), NarrativeSignal("disabled")),
    (NarrativeReport("failed", concerns=(concern("block"),)), NarrativeSignal("failed")),
    (NarrativeReport("ok"), NarrativeSignal("ok")),
    (NarrativeReport("ok", concerns=(concern("info"),)), NarrativeSignal("ok")),
    (NarrativeReport("ok", concerns=(concern("block", grounded=False),)), NarrativeSignal("ok")),
    (NarrativeReport("ok", concerns=(concern("warn"),)),
     NarrativeSignal("ok", Verdict.WARN, "a.yaml:3: warn risk")),
    (NarrativeReport("ok", concerns=(concern("warn", line=1), concern("block", line=9),
                                     concern("block", grounded=False))),
     NarrativeSignal("ok", Verdict.BLOCK, "a.yaml:9: block risk (+1 more)")),
])
def test_signal(narrative: NarrativeReport, expected: NarrativeSignal) -> None:
    assert signal_of(narrative) == expected
