"""Key path patterns for rules: ``**.replicas``, ``jobs.*.steps[*].continue-on-error``.

Names compare without regard to case, ``_`` or ``-`` (``maxUnavailable`` matches
``max_unavailable``) and may use ``*``/``?`` wildcards. ``*`` is one key, ``**`` any number of
segments, ``[*]`` one list position. List positions in a path are skipped when the pattern
does not mention them, so ``containers.image`` matches ``containers[2].image``.

Patterns compile to one regular expression over an encoded path, because rules are matched
against every key change of every file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from reviewer.structured.model import KeyPath

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\[([^\]]*)\]|([^.\[\]"]+)')
SEP = "\x1f"
_INDEX = "\x1e"  # how a list position is written in an encoded path
_SKIP_INDEXES = f"(?:{SEP}{_INDEX}[0-9]*)*"


class _Token(NamedTuple):
    kind: str  # "name", "any", "deep", "index"
    text: str


def normalize(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def encode(path: KeyPath) -> str:
    """``("spec", "containers", 0, "image")`` → a string the compiled patterns run over."""
    parts = []
    for seg in path:
        if isinstance(seg, str):
            parts.append(SEP + normalize(seg).replace(SEP, " "))
        else:
            parts.append(SEP + _INDEX + ("" if seg is None else str(seg)))
    return "".join(parts)


def name_count(path: KeyPath) -> int:
    return sum(1 for seg in path if isinstance(seg, str))


@functools.lru_cache(maxsize=2048)
def parse_pattern(pattern: str) -> tuple[_Token, ...]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(pattern):
        quoted, index, name = match.groups()
        if index is not None:
            tokens.append(_Token("index", index.strip()))
        elif quoted is not None:
            tokens.append(_Token("name", normalize(quoted)))
        elif name == "**":
            tokens.append(_Token("deep", ""))
        elif name == "*":
            tokens.append(_Token("any", ""))
        else:
            tokens.append(_Token("name", normalize(name)))
    if not tokens:
        raise ValueError(f"empty key pattern {pattern!r}")
    return tuple(tokens)


def _name_regex(text: str) -> str:
    out = []
    for ch in text:
        if ch == "*":
            out.append(f"[^{SEP}]*")
        elif ch == "?":
            out.append(f"[^{SEP}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _regex(tokens: Sequence[_Token]) -> str:
    out = []
    for token in tokens:
        if token.kind == "deep":
            out.append(f"(?:{SEP}[^{SEP}]*)*?")
        elif token.kind == "index":
            digits = "[0-9]*" if token.text in ("*", "") else re.escape(token.text)
            out.append(f"{SEP}{_INDEX}{digits}")
        elif token.kind == "any":
            out.append(f"{_SKIP_INDEXES}{SEP}[^{SEP}{_INDEX}][^{SEP}]*")
        else:
            out.append(f"{_SKIP_INDEXES}{SEP}(?!{_INDEX}){_name_regex(token.text)}")
    return "".join(out) + _SKIP_INDEXES


class _Suffix(NamedTuple):
    regex: re.Pattern[str]
    """The pattern with leading tokens dropped, for paths whose start is unknown."""
    names_needed: int


class Compiled(NamedTuple):
    full: re.Pattern[str]
    suffixes: tuple[_Suffix, ...]


@functools.lru_cache(maxsize=2048)
def compile_patterns(patterns: tuple[str, ...]) -> Compiled:
    full = "|".join(f"(?:{_regex(parse_pattern(p))})" for p in patterns)
    # Suffixes needing the same number of names share one regex: a rule with thirty key
    # patterns then costs two regex runs per partial path, not thirty.
    by_need: dict[int, list[str]] = {}
    for pattern in patterns:
        tokens = parse_pattern(pattern)
        alternatives = [f"(?:{_regex(tokens[k:])})" for k in range(1, len(tokens))
                        if tokens[k].kind != "deep"]
        if alternatives:
            needed = min(2, sum(1 for t in tokens if t.kind in ("name", "any")))
            by_need.setdefault(needed, []).extend(alternatives)
    suffixes = [_Suffix(re.compile(f"(?:{'|'.join(alts)})\\Z"), needed)
                for needed, alts in sorted(by_need.items())]
    return Compiled(re.compile(f"(?:{full})\\Z"), tuple(suffixes))


def matches_encoded(compiled: Compiled, encoded: str, names: int, partial: bool) -> bool:
    if compiled.full.match(encoded):
        return True
    if not partial:
        return False
    return any(names >= s.names_needed and s.regex.match(encoded) for s in compiled.suffixes)


def matches(pattern: str | tuple[str, ...], path: KeyPath, partial: bool = False) -> bool:
    """Whether ``path`` is named by ``pattern``. A partial path (its start unknown) matches
    when it fits the end of the pattern and shows at least two of the pattern's names (or
    all of them, when the pattern has only one)."""
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    return matches_encoded(compile_patterns(patterns), encode(path), name_count(path), partial)
