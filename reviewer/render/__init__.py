"""Renderers: each reads the final report and returns text; one explicit registry."""

from __future__ import annotations

from typing import NamedTuple, Protocol

from reviewer.report import Report


class RenderOptions(NamedTuple):
    color: bool = False


class Renderer(Protocol):
    def __call__(self, report: Report, options: RenderOptions) -> str: ...


def renderers() -> dict[str, Renderer]:
    from reviewer.render import json_report, markdown, text

    return {"text": text.render, "json": json_report.render, "markdown": markdown.render}


FORMATS = ("text", "json", "markdown")
