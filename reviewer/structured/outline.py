"""Key paths for each line of a configuration text, whole or a fragment of a hunk.

A bare diff shows a few lines of a file; the outline recovers, for each changed line, the key
it sets and the value it holds (``spec.template.spec.replicas = 1``). Paths whose leading
segments cannot be seen are marked ``partial``. The same outline over a whole file gives
complete paths and is the fallback when a real parser rejects the file.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from reviewer.structured.formats import Format
from reviewer.structured.model import KeyPath


class _Container:
    def __repr__(self) -> str:
        return "CONTAINER"


CONTAINER: Any = _Container()
"""The value of a key that opens a nested block (``spec:``, ``lifecycle {``)."""


class Entry(NamedTuple):
    row: int
    """Position of the line in the outlined sequence."""
    path: KeyPath
    value: Any
    partial: bool
    item: bool = False
    """A scalar element of a list written one per line."""
    parent: int | None = None
    """Index of the line that opened the enclosing block, when it is in view."""


Outliner = Callable[[Sequence[str], "str | None", bool], list[Entry]]


def outline(fmt: Format, lines: Sequence[str], section: str | None = None,
            complete: bool = False) -> list[Entry]:
    """Entries for ``lines``. ``complete`` says the lines are a whole file (the root is known);
    ``section`` is the hunk header's context line, a hint for the enclosing block."""
    module_name, function = _OUTLINERS[fmt]
    module = importlib.import_module(f"reviewer.structured.{module_name}")
    outliner: Outliner = getattr(module, function)
    return outliner(lines, section, complete)


_OUTLINERS: dict[Format, tuple[str, str]] = {
    Format.YAML: ("outline_yaml", "outline"),
    Format.JSON: ("outline_json", "outline"),
    Format.HCL: ("outline_hcl", "outline"),
    Format.TOML: ("outline_flat", "outline_toml"),
    Format.INI: ("outline_flat", "outline_ini"),
    Format.PROPERTIES: ("outline_flat", "outline_properties"),
    Format.ENV: ("outline_flat", "outline_env"),
}
"""One module per format family, imported only when a file of that format changed."""


def strip_comment(text: str, markers: tuple[str, ...] = ("#",)) -> str:
    """Drop a trailing comment that starts outside quotes (after whitespace, or at the start)."""
    if not any(marker in text for marker in markers):
        return text.rstrip()
    quote: str | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        else:
            for marker in markers:
                if text.startswith(marker, i) and (i == 0 or text[i - 1] in " \t"):
                    return text[:i].rstrip()
        i += 1
    return text.rstrip()


def indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def indent_unit(lines: Sequence[str]) -> int:
    """The smallest step between the indents of consecutive non-blank lines (default 2)."""
    best = 0
    previous: int | None = None
    for text in lines:
        if not text.strip():
            continue
        current = indent_of(text)
        if previous is not None and current > previous:
            step = current - previous
            best = step if best == 0 else min(best, step)
        previous = current
    return best or 2
