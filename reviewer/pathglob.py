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
    return compile_glob(pattern).match(path) is not None


def matches_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(compile_glob(p).match(path) is not None for p in patterns)
