from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

from reviewer.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DIFFS = FIXTURES / "diffs"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("REVIEWER_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "REVIEWER_MODEL", "NO_COLOR"):
        mp.delenv(name, raising=False)
    yield
    mp.undo()


class Result(NamedTuple):
    code: int
    out: str
    err: str


class _Stdin:
    def __init__(self, data: bytes, tty: bool = False) -> None:
        self.buffer = io.BytesIO(data)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the CLI in-process: ``cli("review", "x.diff", stdin=b"...")`` → Result."""

    def run(*args: str, stdin: bytes | None = None, tty: bool = False) -> Result:
        if stdin is not None or tty:
            monkeypatch.setattr(sys, "stdin", _Stdin(stdin or b"", tty))
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def make_repo(root: Path, commits: list[Mapping[str, str | None]]) -> Path:
    """A git repo with one commit per mapping (path → text, None deletes); tags c0, c1, …"""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "config", "user.name", "Dev")
    for number, files in enumerate(commits):
        for path, text in files.items():
            target = root / path
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", f"commit {number}")
        git(root, "tag", f"c{number}")
    return root
