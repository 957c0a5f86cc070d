"""All the reconciler may learn from a narrative: its status and how worried its grounded
concerns are. Ungrounded concerns carry no weight, so an invented risk cannot move a verdict."""

from __future__ import annotations

from reviewer.reconcile import NarrativeSignal
from reviewer.report import NarrativeReport
from reviewer.severity import Verdict

_VERDICT = {"warn": Verdict.WARN, "block": Verdict.BLOCK}


def signal_of(narrative: NarrativeReport) -> NarrativeSignal:
    if narrative.status != "ok":
        return NarrativeSignal(narrative.status)
    worrying = [c for c in narrative.concerns if c.grounded and c.severity in _VERDICT]
    if not worrying:
        return NarrativeSignal("ok")
    worrying.sort(key=lambda c: _VERDICT[c.severity], reverse=True)
    first = worrying[0]
    more = f" (+{len(worrying) - 1} more)" if len(worrying) > 1 else ""
    text = " ".join(first.text.split())
    reason = f"{first.path}:{first.line}: {text[:160]}{'…' if len(text) > 160 else ''}{more}"
    return NarrativeSignal("ok", _VERDICT[first.severity], reason)
