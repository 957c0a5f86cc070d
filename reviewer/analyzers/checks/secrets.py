"""Credentials in added lines: known key formats, and high-entropy values on secret-like names.

The same detector feeds redaction, so whatever is reported here never leaves the machine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit


class _Format(NamedTuple):
    kind: str
    anchors: tuple[str, ...]
    """Literal text every match contains (lower-case when ``lower``); the regex runs only on
    lines holding one of them, which keeps scanning big diffs cheap."""
    pattern: re.Pattern[str]
    lower: bool = False


def _fmt(kind: str, anchors: tuple[str, ...], pattern: str, lower: bool = False) -> _Format:
    return _Format(kind, anchors, re.compile(pattern), lower)


_FORMATS: tuple[_Format, ...] = (
    _fmt("private key", ("PRIVATE KEY",),
         r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"),
    _fmt("AWS access key id", ("AKIA", "ASIA", "ABIA", "ACCA"),
         r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
    _fmt("AWS secret access key", ("secret",),
         r"(?i)aws_?secret_?access_?key\W{0,5}[=:]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
         lower=True),
    _fmt("GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
         r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])"),
    _fmt("GitHub fine-grained token", ("github_pat_",), r"github_pat_[A-Za-z0-9_]{60,255}"),
    _fmt("GitLab token", ("glpat-",), r"glpat-[A-Za-z0-9_-]{20,}"),
    _fmt("Slack token", ("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-"),
         r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}"),
    _fmt("Slack webhook", ("hooks.slack.com",),
         r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    _fmt("Stripe live key", ("_live_",), r"(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{20,}"),
    _fmt("Google API key", ("AIza",), r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
    _fmt("GCP service account key", ("private_key_id",),
         r"\"private_key_id\"\s*:\s*\"[0-9a-f]{40}\""),
    _fmt("OpenAI API key", ("T3BlbkFJ",),
         r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}"),
    _fmt("npm token", ("npm_",), r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _fmt("SendGrid key", ("SG.",), r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    _fmt("Twilio key", ("SK",), r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![0-9a-fA-F])"),
    _fmt("JWT", ("eyJ",), r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    _fmt("URL with password", ("://",),
         r"\b[a-z][a-z0-9+.-]*://[^\s:/@\"']+:([^\s:/@\"'${}<>]{6,})@[^\s\"']+"),
)
_ANCHORS = re.compile("|".join(sorted({re.escape(a) for f in _FORMATS if not f.lower
                                        for a in f.anchors}, key=len, reverse=True)))
"""One pass over a line tells whether any format can match at all (most lines: none)."""
_HINTS = ("pass", "secret", "token", "key", "cred", "auth")
"""Lines without any of these words cannot hold a named secret (checked lower-cased)."""

_NAME = (r"(?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|apikey|access[_-]?key"
         r"|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key"
         r"|encryption[_-]?key)")
_ASSIGNMENT = re.compile(
    rf"""(?i)(?P<name>[\w.-]*{_NAME}[\w.-]*)["']?\s*(?:[:=]|=>|:=)\s*(?P<q>["'`]?)(?P<value>[^\s"'`,;]{{8,}})(?P=q)""")
_PLACEHOLDER = re.compile(
    r"(?i)^(?:\$\{.*\}|\$\(.*\)|\{\{.*\}\}|<[^>]*>|%\(?\w+\)?s?|\$[A-Z_][A-Z0-9_]*|.*(?:changeme|change_me|example|placeholder|dummy|fake|sample|redacted|your[_-]|xxxx|\*\*\*\*|<|>|secretsmanager|vault:|ssm:|arn:aws|process\.env|os\.environ|getenv).*)$")
MIN_ENTROPY = 3.5


class SecretMatch(NamedTuple):
    kind: str
    start: int
    end: int


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    if not text:
        return 0.0
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def find_secrets(text: str, *, formats: bool = True, assignments: bool = True) -> list[SecretMatch]:
    """Spans of ``text`` that hold credentials (the secret value itself, not its name)."""
    found: list[SecretMatch] = []
    lowered = text.lower()
    if formats and (_ANCHORS.search(text) or "secret" in lowered):
        for fmt in _FORMATS:
            haystack = lowered if fmt.lower else text
            if not any(anchor in haystack for anchor in fmt.anchors):
                continue
            for match in fmt.pattern.finditer(text):
                group = 1 if fmt.pattern.groups and match.group(1) else 0
                found.append(SecretMatch(fmt.kind, match.start(group), match.end(group)))
    if assignments and any(hint in lowered for hint in _HINTS):
        for match in _ASSIGNMENT.finditer(text):
            value = match.group("value")
            if _PLACEHOLDER.match(value) or entropy(value) < MIN_ENTROPY:
                continue
            if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
                continue
            if any(s.start <= match.start("value") < s.end for s in found):
                continue
            found.append(SecretMatch(f"high-entropy value for {match.group('name')}",
                                     match.start("value"), match.end("value")))
    return sorted(found, key=lambda s: s.start)


def mask(value: str) -> str:
    return (value[:4] if len(value) > 12 else "") + "…[redacted]"


def redact(text: str) -> tuple[str, int]:
    """``text`` with every credential replaced, and how many were."""
    spans = find_secrets(text)
    if not spans:
        return text, 0
    out, last, count = [], 0, 0
    for span in spans:
        if span.start < last:
            continue
        out.append(text[last:span.start])
        out.append("[REDACTED]")
        last = span.end
        count += 1
    out.append(text[last:])
    return "".join(out), count


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``formats`` and ``assignments`` (both default true) pick the detectors."""
    return _hits(ctx, bool(options.get("formats", True)), bool(options.get("assignments", True)))


def _hits(ctx: FileContext, formats: bool, assignments: bool) -> Iterator[Hit]:
    for line in ctx.change.added_lines():
        for span in find_secrets(line.text, formats=formats, assignments=assignments):
            secret = line.text[span.start:span.end]
            shown = line.text[:span.start] + mask(secret) + line.text[span.end:]
            yield Hit(line.number, line.side, shown.strip()[:240],
                      anchor=f"{span.kind}|{hash_secret(secret)}", values={"kind": span.kind})


def hash_secret(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()[:16]
