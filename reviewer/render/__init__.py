"""Renderers: each reads the final report and returns text; one explicit registry."""

from __future__ import annotations

import importlib
from typing import NamedTuple, Protocol, cast

from reviewer.report import Report


class RenderOptions(NamedTuple):
    color: bool = False


class Renderer(Protocol):
    def __call__(self, report: Report, options: RenderOptions) -> str: ...


_MODULES = {"text": "text", "json": "json_report", "markdown": "markdown", "sarif": "sarif",
            "github": "github", "gitlab": "gitlab", "junit": "junit"}
"""--format name → the module under reviewer/render/ whose ``render`` it is."""

FORMATS = tuple(_MODULES)


def renderer(name: str) -> Renderer:
    """The renderer for one format, importing only its module (start-up time matters)."""
    module = importlib.import_module(f"reviewer.render.{_MODULES[name]}")
    return cast(Renderer, module.render)


def renderers() -> dict[str, Renderer]:
    return {name: renderer(name) for name in FORMATS}
