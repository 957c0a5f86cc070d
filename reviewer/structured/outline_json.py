"""JSON outline by tokens: objects, arrays and scalars, tolerant of fragments and comments."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reviewer.structured.model import KeyPath, Segment
from reviewer.structured.outline import CONTAINER, Entry
from reviewer.structured.scalars import json_scalar

_TOKEN = re.compile(r"""(?P<nl>\n)|(?P<str>"(?:[^"\\\n]|\\.)*"?)"""
                    r"""|(?P<num>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"""
                    r"""|(?P<lit>true|false|null)|(?P<comment>//[^\n]*|/\*.*?\*/|\#[^\n]*)"""
                    r"""|(?P<punct>[{}\[\]:,])|(?P<other>[^\s{}\[\]:,"]+)""")
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


def _scalar(kind: str, text: str) -> Any:
    """A token's value; the common cases without calling the json module."""
    if kind == "str" and "\\" not in text and len(text) >= 2 and text.endswith('"'):
        return text[1:-1]
    if kind == "lit":
        return _LITERALS[text]
    if kind == "num" and "." not in text and "e" not in text.lower():
        return int(text)
    return json_scalar(text)


@dataclass
class _Frame:
    is_array: bool
    seg: Segment
    opener: int | None
    count: int | None = 0
    root: bool = False


def _tokens(lines: Sequence[str]) -> list[tuple[int, str, str]]:
    out = []
    index = 0
    for match in _TOKEN.finditer("\n".join(line.rstrip("\n") for line in lines)):
        kind = match.lastgroup
        if kind == "nl":
            index += 1
        elif kind is not None and kind != "comment":
            out.append((index, kind, match.group(kind)))
    return out


def _inline_array(tokens: list[tuple[int, str, str]],
                  start: int) -> tuple[tuple[Any, ...], int] | None:
    """A one-line array of scalars, read as one value (as YAML's flow lists are)."""
    line = tokens[start][0]
    values: list[Any] = []
    position = start + 1
    while position < len(tokens) and tokens[position][0] == line:
        _, kind, text = tokens[position]
        if text == "]":
            return tuple(values), position
        if kind == "punct" and text != ",":
            return None
        if kind != "punct":
            values.append(_scalar(kind, text))
        position += 1
    return None


def outline(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    tokens = _tokens(lines)
    stack: list[_Frame] = []
    entries: list[Entry] = []
    pending_key: str | None = None
    unknown_root = not complete

    def path_of(extra: Segment | None, use_extra: bool) -> KeyPath:
        segs = tuple(f.seg for f in stack if not f.root)
        return (*segs, extra) if use_extra else segs

    def slot() -> tuple[Segment, bool]:
        """The segment for the next value: its key, or its position in the enclosing array."""
        if pending_key is not None:
            return pending_key, True
        top = stack[-1] if stack else None
        if top is None:
            return None, not complete
        if top.is_array:
            position = top.count
            if top.count is not None:
                top.count += 1
            return position, True
        return None, False

    def emit(index: int, value: Any, seg: Segment, use: bool, item: bool) -> None:
        opener = stack[-1].opener if stack else None
        entries.append(Entry(index, path_of(seg, use), value, unknown_root, item, opener))

    position = -1
    while position + 1 < len(tokens):
        position += 1
        index, kind, text = tokens[position]
        nxt = tokens[position + 1][2] if position + 1 < len(tokens) else None
        if text == "[":
            inline = _inline_array(tokens, position)
            if inline is not None:
                values, end = inline
                seg, use = slot()
                emit(index, values, seg, use, pending_key is None and use)
                pending_key = None
                position = end
                continue
        if kind == "str" and nxt == ":":
            pending_key = _scalar("str", text) if text.endswith('"') else text.strip('"')
            continue
        if kind == "punct":
            if text in "{[":
                seg, use = slot()
                if (use and seg is not None) or (use and pending_key is None and stack):
                    emit(index, CONTAINER, seg, True, False)
                is_root = complete and not stack
                stack.append(_Frame(text == "[", seg, index, root=is_root or not use))
                pending_key = None
            elif text in "}]":
                if stack:
                    stack.pop()
                pending_key = None
            elif text == ",":
                pending_key = None
            continue
        if kind == "other" and nxt == ":":
            pending_key = text  # JSON5-style unquoted key
            continue
        seg, use = slot()
        item = pending_key is None
        emit(index, _scalar(kind, text), seg, use, item and use)
        pending_key = None
    return entries
