"""Where the bundled rules and prompts live: inside the wheel, or beside the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name


def rules_dir() -> Path:
    return _bundled("rules")


def prompts_dir() -> Path:
    return _bundled("prompts")
