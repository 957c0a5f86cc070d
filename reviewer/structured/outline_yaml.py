"""YAML outline by indentation: block mappings, block lists, scalars, documents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.structured.model import KeyPath, Segment
from reviewer.structured.outline import (
    CONTAINER,
    Entry,
    indent_of,
    indent_unit,
    strip_comment,
)
from reviewer.structured.scalars import yaml_scalar

_KEY = re.compile(
    r"""^(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`-](?:[^:#]|:(?!\s|$))*?"""
    r"""|-[^\s:](?:[^:#]|:(?!\s|$))*?)[ \t]*:(?:[ \t]+(?P<value>.*))?$""")
_ITEM = re.compile(r"^-(?:[ \t]+|$)")
_PROPS = re.compile(r"^(?:(?:&|!)\S*\s*)+")
_BLOCK = re.compile(r"^[|>][-+0-9]*$")
_SECTION = re.compile(r"^([^\s#'\"-][^:#]*?):\s*$")


@dataclass
class _Frame:
    indent: int
    seg: Segment
    opener: int | None
    is_item: bool = False
    items: int | None = 0
    """Elements seen so far under this key, or None when the count cannot be known."""
    rooted: bool = False
    """The chain from the document root down to this frame is fully in view."""


def _key_text(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        value = yaml_scalar(raw)
        return value if isinstance(value, str) else raw[1:-1]
    return raw.strip()


def outline(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    unit = indent_unit(lines)
    stack: list[_Frame] = []
    seed: _Frame | None = None
    if not complete and section:
        match = _SECTION.match(section)
        if match:
            seed = _Frame(0, _key_text(match.group(1)), None, items=None, rooted=True)
    entries: list[Entry] = []
    block: tuple[int, int, list[str]] | None = None  # (owner indent, entry position, text)
    blocks: dict[int, list[str]] = {}

    def path_of() -> KeyPath:
        return tuple(f.seg for f in stack)

    def partial() -> bool:
        return not complete and not (stack and stack[0].rooted)

    def push(frame: _Frame) -> None:
        # The hunk header names the last top-level key before the hunk; it is the parent of
        # a line indented by one step (or a list item written flush under it), as long as no
        # top-level line has appeared since. Deeper lines have parents the hunk cannot see.
        if not stack and seed is not None and frame.indent <= unit and (
                frame.indent > 0 or frame.is_item):
            stack.append(seed)
        parent = stack[-1] if stack else None
        frame.rooted = (complete or frame.indent == 0) if parent is None else parent.rooted
        stack.append(frame)

    def emit(index: int, value: object, item: bool = False) -> None:
        # The nearest block opened on an earlier line: in ``- hosts:`` the list item and the
        # key open on the same line, and an entry must never be its own parent.
        parent = next((f.opener for f in reversed(stack[:-1]) if f.opener != index), None)
        entries.append(Entry(index, path_of(), value, partial(), item, parent))

    def key_line(index: int, indent: int, body: str) -> None:
        nonlocal block
        match = _KEY.match(body)
        if not match:
            return
        push(_Frame(indent, _key_text(match.group("key")), index))
        value = _PROPS.sub("", (match.group("value") or "").strip())
        if not value:
            emit(index, CONTAINER)
            return
        if _BLOCK.match(value):
            emit(index, "")
            block = (indent, len(entries) - 1, [])
        else:
            emit(index, yaml_scalar(value))
        stack.pop()

    for index, raw in enumerate(lines):
        text = raw.rstrip("\n").replace("\t", "  ")
        indent = indent_of(text)
        if block is not None:
            if not text.strip() or indent > block[0]:
                block[2].append(text)
                continue
            blocks[block[1]] = block[2]
            block = None
        body = strip_comment(text[indent:])
        if not body:
            continue
        if indent == 0 and not _ITEM.match(body):
            seed = None
        if indent == 0 and (body.startswith("---") or body.startswith("...")):
            stack.clear()
            continue
        item = _ITEM.match(body)
        if item:
            while stack and (stack[-1].indent > indent or
                             (stack[-1].indent == indent and stack[-1].is_item)):
                stack.pop()
            owner = stack[-1] if stack else None
            position: int | None = None
            if owner is not None and owner.items is not None:
                position = owner.items
                owner.items += 1
            push(_Frame(indent, position, index, is_item=True))
            rest = body[item.end():]
            if not rest:
                continue
            rest_indent = indent + item.end()
            if _KEY.match(rest):
                key_line(index, rest_indent, rest)
            elif not _ITEM.match(rest):
                emit(index, yaml_scalar(_PROPS.sub("", rest)), item=True)
                stack.pop()
            continue
        while stack and stack[-1].indent >= indent:
            stack.pop()
        key_line(index, indent, body)
    if block is not None:
        blocks[block[1]] = block[2]
    for position, text_lines in blocks.items():
        entries[position] = entries[position]._replace(value=_dedent(text_lines))
    return entries


def _dedent(text_lines: list[str]) -> str:
    filled = [t for t in text_lines if t.strip()]
    if not filled:
        return ""
    cut = min(indent_of(t) for t in filled)
    return "\n".join(t[cut:] for t in text_lines).strip("\n") + "\n"
