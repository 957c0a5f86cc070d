"""The HTML report: one static file that escapes what the cases and the model wrote, checked in
headless Chromium (a screenshot that shows something, and the page's DOM)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.conftest import FIXTURES

Cli = Callable[..., Any]
WIDTH, HEIGHT = 1280, 1600
CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
STARTER = ["ledger-db-major-upgrade-protection-off", "search-config-pushed-to-every-region",
           "search-prod-memory-limit-raised"]


def chromium(page: Path, tmp_path: Path, *mode: str) -> str:
    if CHROMIUM is None:
        pytest.skip("no headless Chromium on this machine: install Debian's chromium package "
                    "(bash .ci/run does when apt-get can)")
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={tmp_path / 'chromium-profile'}", *mode,
         page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def prompt_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewer.cli import main

    page = tmp_path_factory.mktemp("html") / "prompts.html"
    code = main(["eval", "prompts", str(FIXTURES / "cases"), "--only", *STARTER, "--replay",
                 "--prompt", "risk-narrative@v1", "--runs", "2", "--cassettes",
                 str(FIXTURES / "cassettes" / "eval"), "--html", str(page), "--no-progress"])
    assert code == 0
    return page


def test_the_page_is_self_contained(prompt_report: Path) -> None:
    text = prompt_report.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "http://" not in text.replace(
        "http://llm.fixture.invalid", "") and "https://" not in text
    assert text.count('<article class="case"') == 3


def test_untrusted_text_is_escaped(cli: Cli, write_case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_case("markup", "description: a <b>bold</b> docs change with markup in it "
                        "for the report\nlabel: benign\nexpect: {verdict: pass}\n",
                        before={"docs/x.md": "hello\n"},
                        after={"docs/x.md": "<script>alert(1)</script>\n"})
    page = tmp_path / "rules.html"
    assert cli("eval", "rules", str(folder.parent), "--html", str(page),
               "--no-progress").code == 0
    text = page.read_text()
    assert "<script" not in text and "<b>bold" not in text
    assert "+&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a &lt;b&gt;bold&lt;/b&gt; docs change" in text


def test_chromium_renders_the_report(prompt_report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    chromium(prompt_report, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}")
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=100_000)
        assert colours is None or len(colours) > 50, "the page looks blank"
        assert rgb.getpixel((4, 4)) == (0x24, 0x29, 0x2F)  # the header bar
        greens = sum(n for n, c in (colours or []) if c == (0xE6, 0xFF, 0xEC))
        assert colours is None or greens > 100  # added lines of a diff are on screen


def test_the_dom_has_the_tables_and_every_case_side_by_side(prompt_report: Path,
                                                              tmp_path: Path) -> None:
    dom = chromium(prompt_report, tmp_path, "--dump-dom")
    assert '<section id="summary"><h2>Prompts</h2>' in dom
    for name in STARTER:
        assert f'<article class="case" id="case-{name}">' in dom
    assert dom.count('class="col diff-col"') == 3
    assert dom.count('class="col findings-col"') == 3
    assert dom.count('class="col narrative-col"') == 3
    assert "read replica | replicas" in dom and 'class="tag no">mentioned' in dom
    assert 'class="tag no">unverified' in dom  # the misquoted concern
