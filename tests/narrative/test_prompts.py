"""Prompt templates are loaded by name and version; values never become template text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.narrative.errors import NarrativeError
from reviewer.narrative.prompts import REQUIRED_PARTS, load_prompt
from reviewer.resources import prompts_dir


def test_the_shipped_prompt_has_every_part() -> None:
    prompt = load_prompt("risk-narrative", 1)
    assert prompt.ref == "risk-narrative@v1"
    assert sorted(prompt.parts) == sorted(REQUIRED_PARTS)
    assert (prompts_dir() / "risk-narrative" / "v1" / "system.md").is_file()


def test_values_are_inserted_once() -> None:
    prompt = load_prompt("risk-narrative", 1)
    user = prompt.render("user", source="a unified diff", file_count="1 file", finding_count=0,
                         fence="F", findings="(none)", diff="+ 1: cost: $5 ${fence} $$",
                         clipped="")
    assert "+ 1: cost: $5 ${fence} $$\nEND F" in user


def test_a_missing_value_is_a_narrative_error() -> None:
    with pytest.raises(NarrativeError, match=r"prompt risk-narrative@v1: user.md needs a value "
                                             r"for 'diff'"):
        load_prompt("risk-narrative", 1).render("user", source="", file_count="",
                                                finding_count=0, fence="", findings="",
                                                clipped="")


def test_versions_are_separate_folders(tmp_path: Path) -> None:
    for version, text in ((1, "old"), (2, "new")):
        folder = tmp_path / "p" / f"v{version}"
        folder.mkdir(parents=True)
        for part in REQUIRED_PARTS:
            (folder / f"{part}.md").write_text(f"{text} {part}")
    assert load_prompt("p", 2, tmp_path).render("system") == "new system\n"
    assert load_prompt("p", 1, tmp_path).ref == "p@v1"
    (tmp_path / "p" / "v2" / "repair.md").unlink()
    with pytest.raises(NarrativeError, match=r"prompt p@v2 in .* lacks repair.md"):
        load_prompt("p", 2, tmp_path)
