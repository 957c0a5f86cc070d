"""HCL (Terraform) outline by braces: blocks with labels, attributes, objects, lists, heredocs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.structured.model import KeyPath, Segment
from reviewer.structured.outline import CONTAINER, Entry, indent_of, indent_unit, strip_comment
from reviewer.structured.scalars import hcl_scalar

_IDENT = r"[A-Za-z_][\w-]*"
_BLOCK = re.compile(rf'^(?P<type>{_IDENT})(?P<labels>(?:\s+(?:"[^"]*"|{_IDENT}))*)\s*\{{\s*$')
_LABEL = re.compile(rf'"([^"]*)"|({_IDENT})')
_ATTR = re.compile(rf'^(?P<key>{_IDENT}|"[^"]*")\s*[=:]\s*(?P<value>.*?)\s*,?$')
_HEREDOC = re.compile(r"^<<-?\s*([A-Za-z_]\w*)$")
_OPENS = re.compile(r"^(?:[\w.]+\()?[\[{]$")


@dataclass
class _Frame:
    indent: int
    segs: tuple[Segment, ...]
    opener: int | None
    is_list: bool = False
    count: int | None = 0
    rooted: bool = False


def _net_brackets(text: str) -> int:
    depth = 0
    quote = False
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quote = not quote
        elif not quote:
            if ch in "{[(":
                depth += 1
            elif ch in "}])":
                depth -= 1
    return depth


def outline(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    unit = indent_unit(lines)
    stack: list[_Frame] = []
    seed: _Frame | None = None
    if not complete and section:
        match = _BLOCK.match(section.strip())
        if match:
            seed = _Frame(0, _block_segs(match), None, count=None, rooted=True)
    entries: list[Entry] = []
    heredoc: tuple[str, int, list[str]] | None = None
    skip_depth = 0  # multi-line expressions we do not outline (function calls, conditionals)
    in_comment = False

    def rooted() -> bool:
        return complete or bool(stack and stack[0].rooted)

    def path_of(*extra: Segment) -> KeyPath:
        segs: list[Segment] = []
        for frame in stack:
            segs.extend(frame.segs)
        return (*segs, *extra)

    def push(frame: _Frame) -> None:
        parent = stack[-1] if stack else None
        frame.rooted = (complete or frame.indent == 0) if parent is None else parent.rooted
        stack.append(frame)

    def emit(index: int, value: object, *extra: Segment, item: bool = False) -> None:
        opener = stack[-1].opener if stack else None
        entries.append(Entry(index, path_of(*extra), value, not rooted(), item, opener))

    for index, raw in enumerate(lines):
        text = raw.rstrip("\n")
        if heredoc is not None:
            if text.strip() == heredoc[0]:
                entries[heredoc[1]] = entries[heredoc[1]]._replace(value="\n".join(heredoc[2]))
                heredoc = None
            else:
                heredoc[2].append(text)
            continue
        if in_comment:
            if "*/" in text:
                in_comment = False
            continue
        body = strip_comment(text.strip(), ("#", "//"))
        if body.startswith("/*"):
            in_comment = "*/" not in body
            continue
        if not body:
            continue
        indent = indent_of(text)
        if indent == 0:
            seed = None  # a new top-level block: the hunk header no longer applies
        elif not stack and seed is not None and indent <= unit and body[0] not in "}])":
            stack.append(seed)  # the hunk header's block encloses lines one step in
        if skip_depth:
            skip_depth += _net_brackets(body)
            skip_depth = max(skip_depth, 0)
            continue
        if body[0] in "}])":
            for _ in range(max(-_net_brackets(body), 1)):
                if stack:
                    stack.pop()
            continue
        block = _BLOCK.match(body)
        if block:
            emit(index, CONTAINER, *_block_segs(block))
            push(_Frame(indent, _block_segs(block), index))
            continue
        attr = _ATTR.match(body)
        top = stack[-1] if stack else None
        if attr and not (top and top.is_list):
            key = attr.group("key").strip('"')
            value = attr.group("value")
            if _OPENS.match(value):
                emit(index, CONTAINER, key)
                push(_Frame(indent, (key,), index, is_list=value.endswith("[")))
            elif _HEREDOC.match(value):
                emit(index, "", key)
                heredoc = (_HEREDOC.match(value).group(1), len(entries) - 1, [])  # type: ignore[union-attr]
            else:
                emit(index, hcl_scalar(value), key)
                skip_depth = max(_net_brackets(value), 0)
            continue
        if top is not None and top.is_list:
            position = top.count
            if top.count is not None:
                top.count += 1
            if _OPENS.match(body.rstrip(",")):
                push(_Frame(indent, (position,), index, is_list=body.rstrip(",").endswith("[")))
            else:
                emit(index, hcl_scalar(body), position, item=True)
    return entries


def _block_segs(match: re.Match[str]) -> tuple[Segment, ...]:
    labels = tuple(m.group(1) if m.group(1) is not None else m.group(2)
                   for m in _LABEL.finditer(match.group("labels") or ""))
    return (match.group("type"), *labels)
