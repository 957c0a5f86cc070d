"""The README's category table is the one the code validates rules against."""

from __future__ import annotations

import re

from reviewer.categories import CATEGORIES, DESCRIPTIONS
from tests.conftest import ROOT


def test_readme_lists_every_category_with_its_description() -> None:
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- categories: reviewer/categories.py -->")[1].split(
        "<!-- end categories -->")[0]
    rows = re.findall(r"^\| `([a-z.-]+)` \| (.+) \|$", block, re.M)
    assert rows == [(c, DESCRIPTIONS[c]) for c in CATEGORIES]
