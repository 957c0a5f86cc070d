"""Text in added lines that tries to steer an AI reviewer, and text hidden from human readers.

Caught here, deterministically and before any LLM runs, so an attempt to talk the narrative
into approving a change becomes a finding the reviewers see, whatever the model then does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import LineKind

# Zero-width characters are stripped before matching so "ig\u200bnore" reads as "ignore".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"))
_TAG_CHARS = re.compile("[\U000e0000-\U000e007f]")
"""Unicode tag characters: invisible in editors, yet models read them as ASCII."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH_RUN = re.compile("[\u200b\u200c\u200d\u2060]{3,}")

_OVERRIDE = re.compile(
    r"(?i)\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?"
    r"\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|original)\b[^.\n]{0,30}?"
    r"\b(?:instructions?|prompts?|rules|guidelines|directions|directives|guardrails|policies)\b")
_CONTROL_TOKENS = re.compile(
    r"(?i)<\|(?:im_start|im_end|system|endoftext|start_header_id|eot_id)\|>|\[/?INST\]|<<SYS>>"
    r"|\bsystem prompt\s*:|\bnew instructions\s*:|\b(?:system|admin|developer) override\b")
_VERDICT = re.compile(
    r"(?i)\b(?:report|return|output|respond with|reply with|say|answer with|produce)\s+"
    r"(?:no|zero|0)\s+(?:findings|issues|risks|concerns|problems|vulnerabilities|warnings)\b"
    r"|\bapprove (?:this|the) (?:pr|pull request|merge request|change|diff|commit)\b"
    r"|\bmark (?:this|it|the)(?: (?:pr|pull request|change|diff|commit))? as "
    r"(?:safe|approved|low[- ]risk)\b")
_ADDRESSEE = re.compile(
    r"(?i)\b(?:(?:ai|llm|code|automated|bot)[ -]?reviewers?|review(?:ing)? bots?|ai|llms?|gpt"
    r"|chatgpt|copilot|claude|gemini|language models?|assistants?)\b")
_STEER = re.compile(
    r"(?i)\b(?:approve|lgtm|(?:is|as|looks) safe to merge|no (?:findings|issues|risks|concerns)"
    r"|(?:do not|don't|never|must not) (?:flag|report|mention|block|warn|comment)"
    r"|(?:should|must) pass|low[- ]risk)\b")


_OVERRIDE_CUES = ("ignore", "disregard", "forget", "override", "bypass", "skip")
_CONTROL_CUES = ("<|", "inst]", "<<sys>>", "system prompt", "new instructions", "override")
_VERDICT_CUES = ("findings", "issues", "risks", "concerns", "problems", "vulnerabilities",
                 "warnings", "approve ", "mark ")
_STEER_CUES = ("approve", "lgtm", "safe to merge", "no findings", "no issues", "no risks",
               "no concerns", "not flag", "not report", "not mention", "not block", "not warn",
               "not comment", "n't flag", "n't report", "n't mention", "n't block", "n't warn",
               "n't comment", "never flag", "never report", "never mention", "never block",
               "never warn", "never comment", "should pass", "must pass", "low risk", "low-risk")
"""Each pattern below needs one of its cue words (lower-cased): most lines have none and are
passed over without running the case-insensitive patterns, which cost far more."""


class InjectionMatch(NamedTuple):
    kind: str
    phrase: str


def find_injection(text: str) -> InjectionMatch | None:
    """The first sign that ``text`` addresses an AI reviewer, or None."""
    visible = text.translate(_INVISIBLE)
    lowered = visible.lower()
    for kind, pattern, cues in (("instruction override", _OVERRIDE, _OVERRIDE_CUES),
                                ("model control token", _CONTROL_TOKENS, _CONTROL_CUES),
                                ("verdict instruction", _VERDICT, _VERDICT_CUES)):
        if any(cue in lowered for cue in cues):
            match = pattern.search(visible)
            if match:
                return InjectionMatch(kind, match.group(0))
    if not any(cue in lowered for cue in _STEER_CUES):
        return None
    addressee, steer = _ADDRESSEE.search(visible), _STEER.search(visible)
    if addressee and steer:
        return InjectionMatch("instruction to AI reviewers",
                              f"{addressee.group(0)} … {steer.group(0)}")
    return None


def find_hidden(text: str) -> InjectionMatch | None:
    """Characters that hide text from a human reader: tag characters, bidi controls, and runs
    of zero-width characters. Tag characters are decoded so the evidence shows what they say."""
    if text.isascii():
        return None
    tags = _TAG_CHARS.findall(text)
    if tags:
        decoded = "".join(chr(ord(c) - 0xE0000) for c in tags if 0x20 <= ord(c) - 0xE0000 < 0x7F)
        return InjectionMatch("invisible tag characters", decoded or f"{len(tags)} characters")
    bidi = _BIDI.search(text)
    if bidi:
        return InjectionMatch("bidirectional control character", f"U+{ord(bidi.group(0)):04X}")
    run = _ZERO_WIDTH_RUN.search(text)
    if run:
        return InjectionMatch("run of zero-width characters", f"{len(run.group(0))} characters")
    return None


def visible(text: str) -> str:
    """``text`` without the characters ``find_hidden`` reports, for evidence and prompts."""
    return _BIDI.sub("", _TAG_CHARS.sub("", text)).translate(_INVISIBLE)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``look_for`` is ``instructions`` (default) or ``hidden-text``."""
    finder = find_hidden if options.get("look_for") == "hidden-text" else find_injection
    return _hits(ctx, finder)


_ALL_CUES = (*_OVERRIDE_CUES, *_CONTROL_CUES, *_VERDICT_CUES, *_STEER_CUES)


def _may_instruct(ctx: FileContext) -> bool:
    """Whether any added line can hold an instruction: each needs a cue word, so a file
    whose added lines hold none (most files) is not read line by line. (Lower-casing leaves
    the invisible characters as they are, so they can be dropped after it.)"""
    lowered = ctx.joined(LineKind.ADDED, lowered=True).translate(_INVISIBLE)
    return any(cue in lowered for cue in _ALL_CUES)


def _hits(ctx: FileContext, finder: Any) -> Iterator[Hit]:
    if finder is find_injection and not _may_instruct(ctx):
        return
    for line in ctx.change.added_lines():
        found: InjectionMatch | None = finder(line.text)
        if found is None:
            continue
        phrase = " ".join(found.phrase.split())[:120]
        yield Hit(line.number, line.side, visible(line.text).strip()[:240],
                  anchor=f"{found.kind}|{phrase.lower()}",
                  values={"kind": found.kind, "phrase": phrase})
