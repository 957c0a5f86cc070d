"""Credentials out of every text bound for a prompt (DESIGN invariant 6).

Everything the secrets check reports is replaced, and more: a prompt leaves the machine, so
redaction errs on the side of hiding. Values assigned to secret-like names are hidden whatever
their entropy, as are authorization headers, passwords in URLs, long random-looking tokens and
the body of private-key blocks (which the secrets check sees only by their first line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewer.analyzers.checks.secrets import entropy, find_secrets

REDACTED = "[REDACTED]"

_SECRET_NAME = (r"(?:[\w.-]*(?:pass(?:word|wd|phrase)?|secret|token(?!iz)|api[_-]?key|apikey"
                r"|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key)[\w.-]*"
                r"|[\w.-]*(?:tls|ssh|ssl|gpg|pgp|rsa|signing|encryption|master|license)[._-]?key"
                r"[\w.-]*)")
_EXTRA: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    # Each pattern runs only on lines holding one of its (lower-case) anchors: most lines of a
    # big diff hold none, and the patterns are what redaction spends its time on.
    # name = value, whatever the value looks like, when the value ends the statement (so
    # prose such as "API_TOKEN: looks like a credential" is left alone)
    (("pass", "secret", "token", "key", "cred", "auth"),
     re.compile(rf"""(?i){_SECRET_NAME}["']?\s*(?:[:=]|=>|:=)\s*["'`]?([^\s"'`,;)\]}}]{{4,}})"""
                r"""(?=["'`]?\s*(?:$|[#;,)\]}]|//))""")),
    # Authorization: Bearer xyz / X-Api-Key: xyz
    (("authorization", "api-key", "private-token"),
     re.compile(r"""(?i)\b(?:authorization|proxy-authorization|x-api-key|api-key|private-token)"""
                r"""["']?\s*[:=]\s*["']?(?:(?:bearer|basic|token|apikey)\s+)?([^\s"',;]{6,})""")),
    (("bearer", "basic"), re.compile(r"(?i)\b(?:bearer|basic)\s+([A-Za-z0-9._~+/-]{12,}=*)")),
    # scheme://user:password@host
    (("://",), re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s:/@\"'<>]+:([^\s/@\"'<>]{3,})@")),
    # a key block written on one line, as in JSON service-account files
    (("private key",), re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?"
                                  r"(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)")),
)
_LONG_RUN = re.compile(r"[A-Za-z0-9+/_-]{32}")
_BLOB = re.compile(r"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])")
_BLOB_ENTROPY = 3.8
_WORD = re.compile(r"[a-z]{4,}")
"""Runs of lower-case letters: identifiers are made of them, random tokens rarely are."""
_NOT_A_VALUE = re.compile(
    r"(?i)^(?:true|false|yes|no|on|off|null|none|nil|required|optional|enabled|disabled"
    r"|\d+(?:\.\d+)?[a-z%]{0,3}|\[?redacted\]?|\$\{.*|\$\(.*|\{\{.*|<.*|%\(.*|\$[a-z_][a-z0-9_]*"
    r"|.*(?:os\.environ|process\.env|getenv|secretkeyref|valuefrom|vault:|ssm:|arn:aws).*)$")
_MASKED = re.compile(r"[^\s\"'=:]{0,4}…\[redacted\]")
_PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")


class Redactor:
    """Replaces credentials with ``[REDACTED]`` and counts the distinct values it hid."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    @property
    def count(self) -> int:
        return len(self._seen)

    def line(self, text: str) -> str:
        # Evidence the secrets check already masked keeps four characters of the value;
        # a prompt gets none of them (and they are not counted again).
        text = _MASKED.sub(REDACTED, text)
        merged: list[list[int]] = []
        for start, end in sorted(self._spans(text)):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        if not merged:
            return text
        out, last = [], 0
        for start, end in merged:
            self._seen.add(text[start:end])
            out.append(text[last:start])
            out.append(REDACTED)
            last = end
        out.append(text[last:])
        return "".join(out)

    def lines(self, texts: Iterable[str]) -> list[str]:
        """Lines in file order; a private-key block spanning lines is hidden whole (its
        BEGIN and END markers stay: they say what was there, not what it was)."""
        out: list[str] = []
        block: list[str] | None = None
        for text in texts:
            begin = _PEM_BEGIN.search(text) if block is None else None
            if begin and not _PEM_END.search(text):
                block = [text]
                rest = text[begin.end():]
                out.append(text[:begin.end()] + (f" {REDACTED}" if rest.strip() else ""))
            elif block is not None:
                block.append(text)
                end = _PEM_END.search(text)
                if end:
                    self._seen.add("\n".join(block))
                    block = None
                    before = text[:end.start()]
                    out.append((f"{REDACTED} " if before.strip() else before)
                               + text[end.start():])
                else:
                    indent = text[:len(text) - len(text.lstrip())]
                    out.append(indent + REDACTED if text.strip() else text)
            else:
                out.append(self.line(text))
        if block is not None:
            self._seen.add("\n".join(block))
        return out

    def text(self, text: str) -> str:
        return "\n".join(self.lines(text.split("\n")))

    @staticmethod
    def _spans(text: str) -> list[tuple[int, int]]:
        spans = [(s.start, s.end) for s in find_secrets(text)]
        lowered = text.lower()
        for anchors, pattern in _EXTRA:
            if not any(anchor in lowered for anchor in anchors):
                continue
            for match in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                if not _NOT_A_VALUE.match(match.group(group)):
                    spans.append((match.start(group), match.end(group)))
        if len(text) >= 32 and _LONG_RUN.search(text):
            spans.extend((m.start(), m.end()) for m in _BLOB.finditer(text)
                         if _random_looking(m.group(0)))
        return spans


def _random_looking(blob: str) -> bool:
    """A long token of mixed case and digits that is not made of words: a key, not a name."""
    if (sum(c.isdigit() for c in blob) < 2 or not any(c.isupper() for c in blob)
            or not any(c.islower() for c in blob)):
        return False
    worded = sum(len(word) for word in _WORD.findall(blob))
    return worded <= len(blob) * 0.3 and entropy(blob) >= _BLOB_ENTROPY
