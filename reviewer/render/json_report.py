"""JSON report: byte-identical for the same input and policy (sorted, no timestamps)."""

from __future__ import annotations

import json

from reviewer.render import RenderOptions
from reviewer.report import Report, to_json


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
