"""Records for key-level changes and the key paths they live at."""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

from reviewer.diff.model import Side

Segment = str | int | None
"""A mapping key, a list index, or ``None`` for a list element whose index is unknown."""
KeyPath = tuple[Segment, ...]


class _Absent:
    """Marks the missing side of an added or removed key (distinct from YAML ``null``)."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Any = _Absent()


class ChangeKind(enum.Enum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class KeyChange(NamedTuple):
    path: KeyPath
    kind: ChangeKind
    old: Any
    new: Any
    line: int
    side: Side
    partial: bool = False
    """True when leading segments of ``path`` are unknown (reconstructed from a bare diff)."""
    subtree: int | None = None
    """For added/removed keys: how many leading segments name the whole subtree that came or
    went (``path[:subtree]``), so a rule on ``lifecycle`` sees ``lifecycle.prevent_destroy``."""
    doc: str | None = None
    """Which YAML document, e.g. ``Deployment/api``, when a file holds several."""
    item: bool = False
    """One element of a list came or went (``path`` is the list); seen in bare diffs."""

    @property
    def display_path(self) -> str:
        return format_path(self.path, self.partial) + ("[]" if self.item else "")


def format_path(path: KeyPath, partial: bool = False) -> str:
    """``spec.template.spec.containers[0].image``; partial paths start with ``….``."""
    out = ""
    for seg in path:
        if seg is None:
            out += "[]"
        elif isinstance(seg, int):
            out += f"[{seg}]"
        else:
            text = seg if _plain(seg) else '"' + seg.replace('"', '\\"') + '"'
            out += ("." if out else "") + text
    if partial:
        out = "…." + out if out and not out.startswith("[") else "…" + out
    return out or "(root)"


def _plain(seg: str) -> bool:
    return bool(seg) and all(ch.isalnum() or ch in "_-/$@:" for ch in seg)


def erase_indices(path: KeyPath) -> tuple[str, ...]:
    """The path without list positions, for matching entries across the two sides."""
    return tuple(seg for seg in path if isinstance(seg, str))


def format_value(value: Any, limit: int = 80) -> str:
    """A short, stable rendering of a value for messages and evidence."""
    if value is ABSENT:
        text = "(absent)"
    elif value is None:
        text = "null"
    elif value is True:
        text = "true"
    elif value is False:
        text = "false"
    elif isinstance(value, str):
        text = value if value and value.strip() == value else repr(value)
    elif isinstance(value, tuple | list):
        text = "[" + ", ".join(format_value(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {format_value(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
