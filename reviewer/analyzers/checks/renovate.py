"""Renovate configured to merge major upgrades without review.

``automerge: true`` is reported when it applies to major updates: at the top level (every
update), in the ``major`` block, or in a package rule whose ``matchUpdateTypes`` lists
``major``. A rule limited to minor and patch updates is the usual, reasonable setup and is
not reported; neither is a package rule without ``matchUpdateTypes`` (the team chose its
packages). Presets that automerge everything (``:automergeAll``, ``:automergeMajor``) count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import new_side
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine, LineKind

_AUTOMERGE = re.compile(r"""["']?\bautomerge["']?\s*:\s*true\b""")
_MAJOR = re.compile(r"""["']major["']""")
_PRESET = re.compile(r""":automerge(?:All|Major)\b""")
_OPENER_KEY = re.compile(r"""["']?(?P<key>[\w-]+)["']?\s*:\s*\{\s*$""")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|//.*$')


def _braces(text: str) -> str:
    """The structural characters of a line, strings and line comments removed."""
    return "".join(ch for ch in _STRING.sub("", text) if ch in "{}[]")


def _enclosing(lines: list[DiffLine], index: int) -> tuple[int | None, int]:
    """(opening line, closing line) of the object holding ``lines[index]``; the opening line
    is None when the view starts inside the object."""
    own = _braces(lines[index].text)
    if own.startswith("{") and own.endswith("}"):
        return index, index  # a one-line object
    opener, depth = None, 0
    for k in range(index - 1, -1, -1):
        for ch in reversed(_braces(lines[k].text)):
            if ch in "}]":
                depth += 1
            elif depth:
                depth -= 1
            elif ch == "{":
                opener = k
                break
        if opener is not None:
            break
    depth = 0
    for k in range(index + 1, len(lines)):
        for ch in _braces(lines[k].text):
            if ch in "{[":
                depth += 1
            elif depth:
                depth -= 1
            elif ch == "}":
                return opener, k
    return opener, len(lines) - 1


def _own_text(lines: list[DiffLine], start: int, end: int, depth: int) -> str:
    """The object's text with nested objects cut out, so only its own keys remain."""
    out = []
    for k in range(start, end + 1):
        text, position = lines[k].text, 0
        for literal in [*_STRING.finditer(text), None]:
            stop = literal.start() if literal is not None else len(text)
            for ch in text[position:stop]:
                depth += (ch == "{") - (ch == "}")
                if depth <= 1 and ch not in "{}":
                    out.append(ch)
            if literal is not None:
                if depth <= 1 and not literal.group(0).startswith("//"):
                    out.append(literal.group(0))
                position = literal.end()
        out.append("\n")
    return "".join(out)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    return _hits(ctx)


def _hits(ctx: FileContext) -> Iterator[Hit]:
    lines = new_side(ctx.change)
    reported: set[int | None] = set()
    for index, line in enumerate(lines):
        if line.kind is not LineKind.ADDED:
            continue
        if _PRESET.search(line.text):
            yield _hit(line, "a preset that automerges major updates")
            continue
        if not (_AUTOMERGE.search(line.text) or _MAJOR.search(line.text)):
            continue
        opener, end = _enclosing(lines, index)
        if opener in reported:
            continue
        own = (_own_text(lines, opener, end, 0) if opener is not None
               else _own_text(lines, 0, end, 1))
        if not _AUTOMERGE.search(own):
            continue
        where = _scope(lines, opener, own)
        if where is not None:
            reported.add(opener)
            yield _hit(line, where)


def _scope(lines: list[DiffLine], opener: int | None, own: str) -> str | None:
    """Which updates this automerge covers, when they include majors."""
    types = re.search(r"matchUpdateTypes[^\]]*\]", own, re.S)
    if types is not None:
        return "a package rule matching major updates" if _MAJOR.search(types.group(0)) else None
    if opener is None:
        return None
    key = _OPENER_KEY.search(lines[opener].text)
    if key is not None and key.group("key") == "major":
        return "the major update settings"
    at_top = lines[opener].number == opener + 1 and all(
        not ln.text.strip() or ln.text.strip().startswith("//") for ln in lines[:opener])
    if lines[opener].text.strip() == "{" and at_top:
        return "every update, majors included (top level)"
    return None


def _hit(line: DiffLine, where: str) -> Hit:
    return Hit(line.number, line.side, line.text.strip()[:240], anchor=f"automerge:{where}",
               values={"where": where})
