"""Rendered reports for bundled fixtures, compared with fixtures/expected/.

Regenerate after an intended change with: UPDATE_SNAPSHOTS=1 python -m pytest tests/render
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DIFFS, FIXTURES

EXPECTED = FIXTURES / "expected"
CASES = [
    ("prod-capacity-cut-and-guards-removed", "text", "txt"),
    ("prod-capacity-cut-and-guards-removed", "json", "json"),
    ("prod-capacity-cut-and-guards-removed", "markdown", "md"),
    ("benign-scale-up-and-image-bump", "text", "txt"),
    ("benign-scale-up-and-image-bump", "json", "json"),
]


@pytest.mark.parametrize(("fixture", "fmt", "suffix"), CASES)
def test_snapshot(cli, fixture: str, fmt: str, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = cli("review", str(DIFFS / f"{fixture}.diff"), "--format", fmt, "--no-llm").out
    out = out.replace(str(DIFFS) + "/", "")
    expected = EXPECTED / f"{fixture}.{suffix}"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        expected.write_text(out)
    assert out == Path(expected).read_text()
