"""Credentials in added lines: known key formats, and high-entropy values on secret-like names.

The same detector feeds redaction, so whatever is reported here never leaves the machine, and
evidence shows the line with every credential on it masked.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import LineKind


class _Format(NamedTuple):
    kind: str
    anchors: tuple[str, ...]
    """Literal text every match contains (lower-case when ``lower``); the regex runs only on
    lines holding one of them, and is compiled the first time one does, which keeps both
    start-up and scanning big diffs cheap."""
    source: str
    lower: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)


@functools.lru_cache(maxsize=64)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _fmt(kind: str, anchors: tuple[str, ...], pattern: str, lower: bool = False) -> _Format:
    return _Format(kind, anchors, pattern, lower)


_FORMATS: tuple[_Format, ...] = (
    _fmt("private key", ("PRIVATE KEY",),
         r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----"),
    _fmt("PuTTY private key", ("PuTTY-User-Key-File",), r"PuTTY-User-Key-File-\d: \S+"),
    _fmt("age secret key", ("AGE-SECRET-KEY-",), r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),
    _fmt("AWS access key id", ("AKIA", "ASIA", "ABIA", "ACCA"),
         r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
    _fmt("AWS secret access key", ("secret",),
         r"(?i)aws_?secret_?access_?key\W{0,5}[=:]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
         lower=True),
    _fmt("Azure storage account key", ("accountkey=",),
         r"(?i)AccountKey=([A-Za-z0-9+/]{86}==)", lower=True),
    _fmt("GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
         r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])"),
    _fmt("GitHub fine-grained token", ("github_pat_",), r"github_pat_[A-Za-z0-9_]{60,255}"),
    _fmt("GitLab token", ("glpat-",), r"glpat-[A-Za-z0-9_-]{20,}"),
    _fmt("Slack token", ("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xapp-"),
         r"(?<![A-Za-z0-9])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,}"),
    _fmt("Slack webhook", ("hooks.slack.com",),
         r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+"),
    _fmt("Stripe live key", ("_live_",), r"(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{20,}"),
    _fmt("Google API key", ("AIza",), r"AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"),
    _fmt("Google OAuth client secret", ("GOCSPX-",), r"GOCSPX-[A-Za-z0-9_-]{28}"),
    _fmt("GCP service account key", ("private_key_id",),
         r"\"private_key_id\"\s*:\s*\"[0-9a-f]{40}\""),
    _fmt("OpenAI API key", ("T3BlbkFJ",),
         r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}"),
    _fmt("Anthropic API key", ("sk-ant-",), r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}"),
    _fmt("Hugging Face token", ("hf_",), r"(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9])"),
    _fmt("npm token", ("npm_",), r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _fmt("PyPI token", ("pypi-AgE",), r"pypi-AgE[A-Za-z0-9_-]{50,}"),
    _fmt("Shopify token", ("shpat_", "shpss_", "shpca_", "shppa_"),
         r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    _fmt("HashiCorp Vault token", ("hvs.", "hvb."),
         r"(?<![A-Za-z0-9])hv[sb]\.[A-Za-z0-9_-]{24,}"),
    _fmt("Databricks token", ("dapi",), r"(?<![A-Za-z0-9])dapi[0-9a-f]{32}(?![0-9a-f])"),
    _fmt("SendGrid key", ("SG.",), r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    _fmt("Mailgun key", ("key-",), r"(?<![A-Za-z0-9])key-[0-9a-f]{32}(?![0-9a-f])"),
    _fmt("Twilio key", ("SK",), r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![0-9a-fA-F])"),
    _fmt("Square token", ("sq0atp-", "sq0csp-"), r"sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}"),
    _fmt("JWT", ("eyJ",), r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    _fmt("URL with password", ("://",),
         r"\b[a-z][a-z0-9+.-]*://([^\s:/@\"']+):([^\s:/@\"'${}<>]{6,})@([^\s\"'/:?#]+)[^\s\"']*"),
)
_HINTS = ("pass", "secret", "token", "key", "cred", "auth")
"""Lines without any of these words cannot hold a named secret (checked lower-cased)."""

_NAME = (r"(?:pass(?:word|wd|phrase)?|secret|token|api[_-]?key|apikey|access[_-]?key"
         r"|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key"
         r"|encryption[_-]?key)")
_ASSIGNMENT = re.compile(
    rf"""(?i)(?P<name>[\w.-]*{_NAME}[\w.-]*)["']?\s*(?:[:=]|=>|:=)\s*(?P<q>["'`]?)(?P<value>[^\s"'`,;]{{6,}})(?P=q)""")
_XML_ELEMENT = re.compile(rf"(?i)<(?P<name>[\w.-]*{_NAME}[\w.-]*)>(?P<value>[^<\s]{{6,}})</")
_NOT_A_SECRET_NAME = re.compile(
    r"(?i)(?:url|uri|endpoint|path|file|dir|name|_id|type|length|size|ttl|timeout|expiry|"
    r"expires|header|field|param|prefix|suffix|format|version|mode|enabled|count|ref|arn|"
    r"policy|rotation|provider|source|store|manager|backend|hash|algorithm|placeholder)$")
"""Names that hold something about a secret (where it lives, how long it lasts), not it."""
_PLACEHOLDER = re.compile(
    r"(?i)^(?:\$\{.*\}|\$\(.*\)|\{\{.*\}\}|<[^>]*>|%\(?\w+\)?s?|%\{.*\}|#\{.*\}|\$[A-Z_][A-Z0-9_]*"
    r"|ENC\[.*|\*+|x+|\.+|_+\w*_+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+"
    r"|.*(?:changeme|change_me|change-me|replace_?me|example|placeholder|dummy|fake|sample|"
    r"redacted|your[_-]|xxxx|\*\*\*\*|<|>|secretsmanager|vault:|ssm:|arn:aws|process\.env|"
    r"os\.environ|getenv|secretkeyref|valuefrom|not[_-]?a[_-]?(?:real|secret)|test[_-]?(?:key|"
    r"secret|token|password)|insecure|notsecret).*)$")
_EXPRESSION = re.compile(r"[()\[\]{}]|^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$|^(?:/|\./|~/)")
"""Unquoted code (``jwt.encode(payload)``), dotted references and paths are not values."""
MIN_ENTROPY = 3.5
MIN_LENGTH = 8


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


def find_secrets(text: str, *, formats: bool = True, assignments: bool = True,
                 min_entropy: float = MIN_ENTROPY, min_length: int = MIN_LENGTH,
                 mixed: bool = True) -> list[SecretMatch]:
    """Spans of ``text`` that hold credentials (the secret value itself, not its name).

    ``assignments`` finds values given to secret-like names; they count when at least
    ``min_length`` long, at least ``min_entropy`` bits per character, and (with ``mixed``)
    made of both letters and digits. Placeholders, templates and references never count."""
    found: list[SecretMatch] = []
    lowered = text.lower()
    if formats and (_anchors(False).search(text) or _anchors(True).search(lowered)):
        for fmt in _FORMATS:
            haystack = lowered if fmt.lower else text
            for anchor in fmt.anchors:
                if anchor in haystack:
                    break
            else:
                continue
            for match in fmt.pattern.finditer(text):
                group = 1 if fmt.pattern.groups and match.group(1) else 0
                if fmt.pattern.groups == 3:  # user, password, host of a URL
                    if _local_default(*match.group(1, 2, 3)):
                        continue
                    group = 2
                if _documented_fake(match.group(group)):
                    continue
                found.append(SecretMatch(fmt.kind, match.start(group), match.end(group)))
    if assignments and any(hint in lowered for hint in _HINTS):
        for match in (*_ASSIGNMENT.finditer(text), *_XML_ELEMENT.finditer(text)):
            name, value = match.group("name"), match.group("value")
            quoted = bool(match.groupdict().get("q"))
            if not _plausible(name, value, quoted, min_entropy, min_length, mixed):
                continue
            if any(s.start <= match.start("value") < s.end for s in found):
                continue
            found.append(SecretMatch(f"high-entropy value for {name}",
                                     match.start("value"), match.end("value")))
    return sorted(found, key=lambda s: s.start)


_DEV_PASSWORDS = frozenset({"postgres", "password", "passw0rd", "secret", "root", "admin",
                            "changeme", "example", "development", "localdev", "guest",
                            "mysql", "rabbitmq", "redis", "test1234"})
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0", "db", "postgres",
                          "mysql", "redis", "rabbitmq", "database", "host.docker.internal"})


def _local_default(user: str, password: str, host: str) -> bool:
    """A development container's well-known login (``postgres:postgres@db``) on a local
    host is configuration, not a leaked credential."""
    weak = password.lower() in _DEV_PASSWORDS or password == user
    return weak and host.lower() in _LOCAL_HOSTS


@functools.lru_cache(maxsize=2)
def _anchors(lower: bool) -> re.Pattern[str]:
    """Every format's anchor in one pattern: most lines hold none, and are done in one scan."""
    return re.compile("|".join(re.escape(a) for f in _FORMATS if f.lower is lower
                               for a in f.anchors))


_WORDS_ONLY = re.compile(r"(?i)[a-z]+(?:[-_.][a-z]+)+[-_.]?")
"""A body of plain words joined by separators (``your-token-here``): issued tokens carry
random characters and digits, so this is a template's placeholder, not a credential."""


def _documented_fake(secret: str) -> bool:
    """Vendor documentation keys (``AKIAIOSFODNN7EXAMPLE``), filler (``ghp_xxxx…``) and
    placeholders written after a vendor prefix (``xoxb-your-token-here``)."""
    if "example" in secret.lower() or (len(secret) >= 16 and entropy(secret) < 2.0):
        return True
    # Only after a vendor prefix: a password may well be words (correct-horse-battery).
    prefix = _PUBLIC_PREFIX.match(secret)
    return prefix is not None and _WORDS_ONLY.fullmatch(secret[prefix.end():]) is not None


def _plausible(name: str, value: str, quoted: bool, min_entropy: float, min_length: int,
               mixed: bool) -> bool:
    if len(value) < min_length or _NOT_A_SECRET_NAME.search(name.rstrip("-_.")):
        return False
    if _PLACEHOLDER.match(value) or (not quoted and _EXPRESSION.search(value)):
        return False
    if value.lower() in name.lower() or entropy(value) < min_entropy:
        return False
    return not mixed or (any(c.isdigit() for c in value) and any(c.isalpha() for c in value))


_PUBLIC_PREFIX = re.compile(r"^(?:AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|"
                            r"xapp-|[sr]k_live_|AIza|GOCSPX-|sk-ant-|hf_|npm_|pypi-|shp\w\w_|hv[sb]\.|"
                            r"dapi|SG\.|key-|sq0\w\w\w-|eyJ)")


def mask(value: str) -> str:
    """A credential as evidence may show it: at most its vendor prefix, never its secret part."""
    prefix = _PUBLIC_PREFIX.match(value)
    return (prefix.group(0) if prefix else "") + "…[redacted]"


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


def masked_line(text: str, spans: Iterable[SecretMatch]) -> str:
    """``text`` with every span masked (several credentials can share a line)."""
    out, last = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < last:
            continue
        out.append(text[last:span.start] + mask(text[span.start:span.end]))
        last = span.end
    return "".join(out) + text[last:]


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``formats`` and ``assignments`` (both default true) pick the detectors;
    ``min_entropy``, ``min_length`` and ``mixed`` tune the assignment detector."""
    tuning = {"min_entropy": float(options.get("min_entropy", MIN_ENTROPY)),
              "min_length": int(options.get("min_length", MIN_LENGTH)),
              "mixed": bool(options.get("mixed", True))}
    return _hits(ctx, bool(options.get("formats", True)),
                 bool(options.get("assignments", True)), tuning)


def _may_hold_secrets(ctx: FileContext, formats: bool, assignments: bool) -> bool:
    """Whether any added line can hold a secret: each needs a format's anchor or a name hint,
    so a file whose added lines hold none (most files) is not read line by line."""
    text, lowered = ctx.joined(LineKind.ADDED), ctx.joined(LineKind.ADDED, lowered=True)
    return (formats and (_anchors(False).search(text) is not None
                         or _anchors(True).search(lowered) is not None)) or (
        assignments and any(hint in lowered for hint in _HINTS))


def _hits(ctx: FileContext, formats: bool, assignments: bool,
          tuning: Mapping[str, Any]) -> Iterator[Hit]:
    if not ctx.memo(f"may hold secrets {formats} {assignments}",
                    lambda c: _may_hold_secrets(c, formats, assignments)):
        return
    for line in ctx.change.added_lines():
        spans = find_secrets(line.text, formats=formats, assignments=assignments, **tuning)
        if not spans:
            continue
        # Mask what either detector finds, not only what this rule reports.
        shown = masked_line(line.text, {*spans, *find_secrets(line.text, **tuning)}).strip()
        for span in spans:
            secret = line.text[span.start:span.end]
            yield Hit(line.number, line.side, shown[:240],
                      anchor=f"{span.kind}|{hash_secret(secret)}", values={"kind": span.kind})


def hash_secret(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()[:16]
