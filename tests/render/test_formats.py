"""Every output format on one multi-file report (block, warn, waived, info, deleted lines and
a deleted file), compared with fixtures/expected/formats/.

Regenerate after an intended change with: UPDATE_SNAPSHOTS=1 python -m pytest tests/render
"""

from __future__ import annotations

import os

import pytest

from reviewer.render import FORMATS, RenderOptions, renderers
from tests.conftest import FIXTURES
from tests.render.sample import sample_report

EXPECTED = FIXTURES / "expected" / "formats"
SUFFIX = {"text": "txt", "json": "json", "markdown": "md", "sarif": "sarif", "github": "txt",
          "gitlab": "json", "junit": "xml"}


def test_registry_and_format_choices_agree() -> None:
    assert tuple(renderers()) == FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot(fmt: str) -> None:
    out = renderers()[fmt](sample_report(), RenderOptions())
    expected = EXPECTED / f"four-files.{fmt}.{SUFFIX[fmt]}"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(out)
    assert out == expected.read_text()


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str) -> None:
    render = renderers()[fmt]
    assert render(sample_report(), RenderOptions()) == render(sample_report(), RenderOptions())
