"""Repository path globs: ``**`` across directories, ``*`` within one, ``{a,b}`` choices.

A pattern without a slash matches the file name anywhere (``*.tf``), as in .gitignore.
"""

from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=4096)
def compile_glob(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    out = [] if anchored else ["(?:.*/)?"]
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            end = pattern.find("]", i + 2)
            if end == -1:
                out.append(re.escape(ch))
                i += 1
            else:
                body = pattern[i + 1:end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
        elif ch == "{":
            end = pattern.find("}", i)
            if end == -1:
                out.append(re.escape(ch))
                i += 1
            else:
                choices = pattern[i + 1:end].split(",")
                out.append("(?:" + "|".join(compile_glob_fragment(c) for c in choices) + ")")
                i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out) + r"\Z")


def compile_glob_fragment(fragment: str) -> str:
    return "".join("[^/]*" if ch == "*" else re.escape(ch) for ch in fragment)


_PLAIN = re.compile(r"[^*?\[\]{}/]+")


@functools.lru_cache(maxsize=4096)
def _shortcut(pattern: str) -> tuple[str, str] | None:
    """The common shapes that need no regex: ``**/*.tf`` or ``*.tf`` (a suffix), ``**/NAME``
    or ``NAME`` (a file name anywhere)."""
    body = pattern.removeprefix("**/")
    if "/" in body:
        return None
    if body.startswith("*") and _PLAIN.fullmatch(body[1:]):
        return ("suffix", body[1:])
    if _PLAIN.fullmatch(body):
        return ("name", body)
    return None


def matches(path: str, pattern: str) -> bool:
    shortcut = _shortcut(pattern)
    if shortcut is not None:
        kind, text = shortcut
        name = path.rpartition("/")[2]
        return name.endswith(text) if kind == "suffix" else name == text
    # A glob used a few times (a small review) is matched segment by segment: compiling a
    # hundred globs costs more than that review. One used often is compiled (once: cached).
    uses = _USES[pattern] = _USES.get(pattern, 0) + 1
    segments = _segments(pattern) if uses <= _INTERPRETED_USES else None
    if segments is not None:
        return _match_segments(segments, tuple(path.split("/")))
    return compile_glob(pattern).match(path) is not None


_INTERPRETED_USES = 16
_USES: dict[str, int] = {}


def matches_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(matches(path, p) for p in patterns)


_DEEP = ("**",)
"""A ``**`` segment in a parsed pattern (every other segment is a tuple of choices)."""


@functools.lru_cache(maxsize=4096)
def _segments(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    """The pattern as segments, each ``**`` or the spellings it allows (braces expanded), for
    the shapes most rule globs have; None sends the rest to the regex. A review compiles a
    hundred or more globs, which costs more than matching them this way."""
    if any(c in pattern for c in "?[]\\") or ("{" in pattern and "/" in _braced(pattern)):
        return None
    anchored = "/" in pattern.rstrip("/")
    parts = pattern.lstrip("/").split("/")
    if any("**" in part and part != "**" for part in parts) or any(
            part.count("{") != part.count("}") or part.count("{") > 1 for part in parts):
        return None
    out: list[tuple[str, ...]] = [] if anchored else [_DEEP]
    for part in parts:
        if part == "**":
            out.append(_DEEP)
        elif "{" in part:
            head, _, rest = part.partition("{")
            body, _, tail = rest.partition("}")
            out.append(tuple(head + choice + tail for choice in body.split(",")))
        else:
            out.append((part,))
    return tuple(out)


def _braced(pattern: str) -> str:
    return "".join(re.findall(r"\{([^}]*)\}", pattern))


def _match_segments(pattern: tuple[tuple[str, ...], ...], path: tuple[str, ...]) -> bool:
    """``**`` matches any run of segments; at the end of an anchored pattern (``dir/**``) it
    needs at least one, as the regex form's ``dir/.*`` needs the slash."""

    @functools.cache
    def at(p: int, s: int) -> bool:
        if p == len(pattern):
            return s == len(path)
        if pattern[p] is _DEEP:
            if p == len(pattern) - 1:
                return s < len(path) or p == 0
            return any(at(p + 1, k) for k in range(s, len(path)))
        return s < len(path) and any(name_matches(choice, path[s])
                                     for choice in pattern[p]) and at(p + 1, s + 1)

    return at(0, 0)


def name_matches(pattern: str, name: str) -> bool:
    """One path segment against a pattern whose only wildcard is ``*``."""
    if "*" not in pattern:
        return pattern == name
    first, *middle, last = pattern.split("*")
    if len(name) < len(first) + len(last) or not name.startswith(first) \
            or not name.endswith(last):
        return False
    position, end = len(first), len(name) - len(last)
    for piece in middle:
        found = name.find(piece, position, end)
        if found < 0:
            return False
        position = found + len(piece)
    return True
