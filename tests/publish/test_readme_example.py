"""The README's PR comment example is what the current code posts for the bundled fixture.

Regenerate after an intended change with: UPDATE_SNAPSHOTS=1 python -m pytest tests/publish
"""

from __future__ import annotations

import os
import re

from tests.conftest import DIFFS, ROOT
from tests.render.markdown_checks import assert_well_formed

README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- pr-comment-example:start -->\n)(.*?)(<!-- pr-comment-example:end -->)",
                   re.DOTALL)
COMMAND = ("comment", "--github", "--dry-run",
           str(DIFFS / "prod-capacity-cut-and-guards-removed.diff"), "--no-llm")


def fenced(markdown: str) -> str:
    return f"````markdown\n{markdown.rstrip(chr(10))}\n````\n"


def test_readme_shows_the_comment_the_code_renders(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*COMMAND)
    assert result.code == 0
    text = README.read_text()
    match = BLOCK.search(text)
    assert match is not None, "the README lost its PR comment example markers"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        README.write_text(text[:match.start(2)] + fenced(result.out) + text[match.end(2):])
        match = BLOCK.search(README.read_text())
        assert match is not None
    assert match.group(2) == fenced(result.out)
    assert_well_formed(result.out)
    assert "reviewer comment --github --dry-run fixtures/diffs/prod-capacity-cut-and-guards-" \
           "removed.diff\n--no-llm" in text  # the README names the command that makes it
