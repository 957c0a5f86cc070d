"""Outlines for flat and sectioned formats: TOML, INI, Java .properties and .env files."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reviewer.structured.model import KeyPath, Segment
from reviewer.structured.outline import Entry, strip_comment
from reviewer.structured.scalars import flat_scalar, toml_scalar

_TOML_TABLE = re.compile(r"^\[(\[)?\s*(?P<name>[^\]]+?)\s*\]\]?$")
_TOML_PART_TEXT = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_TOML_KEY = re.compile(rf"^(?P<key>{_TOML_PART_TEXT}(?:\s*\.\s*{_TOML_PART_TEXT})*)\s*=\s*"
                       r"(?P<value>.*)$")
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"]*)"|'([^']*)'""")
_INI_SECTION = re.compile(r"^\[(?P<name>[^\]]+)\]$")
_INI_KEY = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s*(?P<value>.*)$")
_PROP_KEY = re.compile(r"^(?P<key>(?:[^=:\s\\]|\\.)+)\s*(?:[=:]\s*|\s+)(?P<value>.*)$")
_ENV_KEY = re.compile(r"^(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(?P<value>.*)$")


def _toml_key(text: str) -> tuple[str, ...]:
    parts = []
    for match in _TOML_PART.finditer(text):
        if match.group(1) is not None:
            parts.append(match.group(1))
        elif match.group(2) is not None:
            parts.append(match.group(2))
        else:
            parts.append(match.group(0))
    return tuple(parts)


def outline_toml(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    prefix: KeyPath = ()
    known = complete
    entries: list[Entry] = []
    arrays: dict[tuple[str, ...], int] = {}
    opener: int | None = None
    open_list: tuple[KeyPath, int] | None = None
    multiline = False
    for index, raw in enumerate(lines):
        text = raw.strip()
        if multiline:
            multiline = text.count('"""') + text.count("'''") == 0
            continue
        body = strip_comment(text)
        if not body:
            continue
        if open_list is not None:
            if body.startswith("]"):
                open_list = None
                continue
            path, count = open_list
            open_list = (path, count + 1)
            entries.append(Entry(index, (*path, count if known else None),
                                 toml_scalar(body.rstrip(",")), not known, True, opener))
            continue
        table = _TOML_TABLE.match(body)
        if table:
            name = _toml_key(table.group("name"))
            prefix = name
            if table.group(1):
                position = arrays.get(name, 0)
                arrays[name] = position + 1
                prefix = (*name, position if known else None)
            known = True
            opener = index
            continue
        match = _TOML_KEY.match(body)
        if not match:
            continue
        path = (*prefix, *_toml_key(match.group("key")))
        value = match.group("value")
        if value.startswith(('"""', "'''")) and value.count(value[:3]) == 1:
            multiline = True
            entries.append(Entry(index, path, value[3:], not known, False, opener))
        elif value == "[" or (value.startswith("[") and "]" not in value):
            open_list = (path, 0)
        else:
            entries.append(Entry(index, path, toml_scalar(value), not known, False, opener))
    return entries


def outline_ini(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    prefix: KeyPath = ()
    known = complete
    opener: int | None = None
    entries: list[Entry] = []
    for index, raw in enumerate(lines):
        body = strip_comment(raw.strip(), ("#", ";"))
        if not body:
            continue
        header = _INI_SECTION.match(body)
        if header:
            prefix, known, opener = (header.group("name").strip(),), True, index
            continue
        match = _INI_KEY.match(body)
        if match:
            entries.append(Entry(index, (*prefix, match.group("key").strip()),
                                 flat_scalar(match.group("value")), not known, False, opener))
    return entries


def outline_properties(lines: Sequence[str], section: str | None,
                       complete: bool) -> list[Entry]:
    entries: list[Entry] = []
    for index, raw in enumerate(lines):
        body = raw.strip()
        if not body or body[0] in "#!":
            continue
        match = _PROP_KEY.match(body)
        if match:
            key: tuple[Segment, ...] = tuple(match.group("key").replace("\\", "").split("."))
            entries.append(Entry(index, key, flat_scalar(match.group("value")), False))
    return entries


def outline_env(lines: Sequence[str], section: str | None, complete: bool) -> list[Entry]:
    entries: list[Entry] = []
    for index, raw in enumerate(lines):
        body = strip_comment(raw.strip())
        match = _ENV_KEY.match(body)
        if match:
            entries.append(Entry(index, (match.group("key"),),
                                 flat_scalar(match.group("value")), False))
    return entries
