from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

WriteCase = Callable[..., Path]


@pytest.fixture
def write_case(tmp_path: Path) -> WriteCase:
    """``write_case(name, spec, before={path: text}, after={...}, diff=None)`` → the folder."""

    def write(name: str, spec: str, before: Mapping[str, str] | None = None,
              after: Mapping[str, str] | None = None, diff: str | None = None) -> Path:
        folder = tmp_path / "cases" / name
        folder.mkdir(parents=True)
        (folder / "case.yaml").write_text(spec)
        for side, files in (("before", before), ("after", after)):
            for path, text in (files or {}).items():
                target = folder / side / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
        if diff is not None:
            (folder / "change.diff").write_text(diff)
        return folder

    return write


NARRATIVE_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "REVIEWER_MODEL", "REVIEWER_LLM_TIMEOUT",
                 "REVIEWER_LLM_CONTEXT_TOKENS", "REVIEWER_LLM_MAX_STEPS", "REVIEWER_PROMPT")


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    """No endpoint unless a test starts one (evaluation never reads the narrative cache)."""
    for name in NARRATIVE_ENV:
        monkeypatch.delenv(name, raising=False)


CUT_SPEC = """\
description: production replicas cut from twelve to two in one step
label: risky
expect:
  verdict: warn
  findings:
    - {category: capacity.reduced, path: deploy/prod/api.yaml, severity: warn}
"""
UP_SPEC = "description: production replicas raised\nlabel: benign\nexpect: {verdict: pass}\n"


@pytest.fixture
def replica_cases(write_case: WriteCase) -> Path:
    """Two cases: replicas cut 12 → 2 (risky), raised 3 → 6 (benign); their parent folder."""
    write_case("cut", CUT_SPEC, before={"deploy/prod/api.yaml": "spec:\n  replicas: 12\n"},
               after={"deploy/prod/api.yaml": "spec:\n  replicas: 2\n"})
    return write_case("up", UP_SPEC, before={"deploy/prod/api.yaml": "spec:\n  replicas: 3\n"},
                      after={"deploy/prod/api.yaml": "spec:\n  replicas: 6\n"}).parent
