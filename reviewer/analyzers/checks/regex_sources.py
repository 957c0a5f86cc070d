"""Where regular expressions live in a change, and which new ones are costly.

- configuration values under regex-bearing keys (``regex``, ``pattern``, ``match_re``,
  ``path_regex``, ...) and regexes embedded in rule expressions (``matches "..."``, ``=~``);
- WAF and proxy files: ModSecurity ``@rx``, nginx ``location ~``, Apache rewrites, HAProxy
  ``-m reg``;
- regex literals in code (``re.compile``, ``regexp.MustCompile``, ``Pattern.compile``,
  ``new RegExp``, ``/.../`` in JavaScript calls), with ``options.code: true``.
A pattern that was already present, or already costly, before the change is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.regex_cost import costly
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip, regex
from reviewer.structured.model import ABSENT, ChangeKind, format_path

_REGEX_KEY = re.compile(
    r"(?i)^(?:regex|regexp|regexes|pattern|patterns|match_re|match_regex|path_regex|regex_.*|"
    r".*_regex|.*_regexp|.*_pattern|.*_patterns|pattern_.*|safe_regex|added_line|removed_line|"
    r"unless_line|unless_value|matches|.*_file_contains|include_regex|exclude_regex|allow_regex|"
    r"deny_regex|path|paths|uri|route)$")
_EMBEDDED = re.compile(r"""(?:\bmatches|=~|!~)\s*(["'`])(?P<rx>(?:\\.|(?!\1).)+)\1""")
_FIELD_REFERENCE = re.compile(r"\b(?:http|ip|cf|ssl|raw|tcp|udp|icmp)\.[a-z_]+")
"""``http.request.uri.path``: an expression language (Cloudflare, Wireshark), not a regex."""
_LINE_SOURCES = (
    # (text every match contains, pattern): patterns compile only when their text shows up.
    ("@rx", r"""@rx\s+(?P<rx>[^"]+)"""),
    ("SecRule", r"""^\s*SecRule\s+\S+\s+"(?!@)(?P<rx>(?:\\.|[^"])+)\""""),
    ("location", r"""^\s*location\s+~\*?\s+(?P<q>["']?)(?P<rx>.+?)(?P=q)\s*\{"""),
    ("if", r"""^\s*if\s+\(\$\w+\s+!?~\*?\s+(?P<q>["']?)(?P<rx>.+?)(?P=q)\s*\)"""),
    ("rewrite", r"""^\s*rewrite\s+(?P<rx>\S+)\s"""),
    ("Rewrite", r"""^\s*Rewrite(?:Rule|Cond\s+\S+)\s+(?P<rx>\S+)"""),
    ("Match", r"""<(?:Location|Files|Directory)Match\s+"(?P<rx>[^"]+)\""""),
    # HAProxy: flags such as -i (ignore case) may sit between the match method and the pattern
    ("reg", r"""(?:-m\s+reg|\b[\w.]+_reg\b(?:\([^)]*\))?)(?:\s+-[inu]\b)*\s+(?P<rx>[^\s-]\S*)"""),
    ("PathRegexp", r"""PathRegexp\(`(?P<rx>[^`]+)`\)"""),
)
_CODE_SOURCES = (
    ("re.", r"""\bre\.(?:compile|match|search|fullmatch|sub|subn|split|findall|finditer)\(\s*"""
            r"""(?P<raw>[rRbB]{0,2})(?P<q>["'])(?P<rx>(?:\\.|(?!(?P=q)).)+)(?P=q)"""),
    ("regexp.", r"""\bregexp\.(?:MustCompile|Compile|MatchString)\(\s*`(?P<rx>[^`]+)`"""),
    ("regexp.", r"""\bregexp\.(?:MustCompile|Compile|MatchString)\(\s*"(?P<rx>(?:\\.|[^"])+)\""""),
    ("Pattern.compile", r"""\bPattern\.compile\(\s*"(?P<rx>(?:\\.|[^"])+)\""""),
    ("RegExp", r"""\bnew\s+RegExp\(\s*(?P<q>["'`])(?P<rx>(?:\\.|(?!(?P=q)).)+)(?P=q)"""),
    ("/", r"""(?:\.(?:match|matchAll|replace|replaceAll|search|split)\(|=>|[=(,:?]|"""
          r"""\breturn)\s*/(?P<rx>(?:\\.|\[(?:\\.|[^\]])*\]|[^/\\\n\[])+)/[dgimsuy]*"""),
)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Options: ``code: true`` reads regex literals in source code instead of config."""
    if options.get("code"):
        yield from _lines(ctx, _CODE_SOURCES, unescape=True)
        return
    yield from _lines(ctx, _LINE_SOURCES, unescape=False)
    if ctx.structured.format is not None:
        yield from _values(ctx)


def _hit(line: int, side: Any, text: str, pattern: str, reason: str) -> Hit:
    shown = pattern if len(pattern) <= 120 else pattern[:119] + "…"
    return Hit(line, side, clip(text), anchor=f"regex|{pattern}",
               values={"pattern": shown, "reason": reason})


Sources = tuple[tuple[str, str], ...]


def _lines(ctx: FileContext, sources: Sources, unescape: bool) -> Iterator[Hit]:
    before = {p for ln in ctx.change.removed_lines() for p in _patterns(ln.text, sources,
                                                                      unescape)}
    for ln in ctx.change.added_lines():
        for pattern in _patterns(ln.text, sources, unescape):
            if pattern in before:
                continue
            reason = costly(pattern)
            if reason is not None:
                yield _hit(ln.number, ln.side, ln.text, pattern, reason)


def _patterns(text: str, sources: Sources, unescape: bool) -> list[str]:
    out = []
    for anchor, pattern in sources:
        if anchor not in text:
            continue
        source = regex(pattern)
        for found in source.finditer(text):
            pattern = found.group("rx")
            raw = "raw" in source.groupindex and "r" in (found.group("raw") or "").lower()
            if unescape and not raw and "`" not in found.group(0)[:40]:
                pattern = pattern.replace("\\\\", "\\")
            out.append(pattern)
    return out


def _values(ctx: FileContext) -> Iterator[Hit]:
    for change in ctx.structured.changes:
        if change.kind is ChangeKind.REMOVED:
            continue
        name = next((s for s in reversed(change.path) if isinstance(s, str)), "")
        keyed = bool(_REGEX_KEY.match(name))
        # A WAF rule's "expression" is its pattern, unless it is written in a rule language
        # (then only the patterns it embeds count).
        expression = name.lower() == "expression"
        old_values = _strings(change.old)
        for value in _strings(change.new):
            if value in old_values:
                continue
            embedded = [m.group("rx") for m in _EMBEDDED.finditer(value)]
            whole = keyed or (expression and not embedded
                              and not _FIELD_REFERENCE.search(value))
            candidates = ([value] if whole else []) + embedded
            for pattern in candidates:
                reason = costly(pattern)
                if reason is None or any(costly(old) for old in old_values):
                    continue
                text = ctx.line_text(change.side, change.line) or \
                    f"{format_path(change.path, change.partial)}: {value}"
                yield _hit(change.line, change.side, text, pattern, reason)


def _strings(value: Any) -> list[str]:
    if value is ABSENT or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [v for v in value if isinstance(v, str)]
    return []
