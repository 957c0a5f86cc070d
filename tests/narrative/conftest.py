from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.narrative.llm_server import LLMServer, Reply

NARRATIVE_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "REVIEWER_MODEL", "REVIEWER_LLM_TIMEOUT",
                 "REVIEWER_LLM_CONTEXT_TOKENS", "REVIEWER_LLM_MAX_STEPS")


@pytest.fixture(autouse=True)
def _narrative_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts with no endpoint configured and an empty narrative cache."""
    for name in NARRATIVE_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REVIEWER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., LLMServer]]:
    """``llm([replies], timeout=5)`` starts a scripted endpoint and points reviews at it."""
    servers: list[LLMServer] = []

    def start(replies: Sequence[Reply] | Callable[[Any], Reply],
              timeout: float | None = 10) -> LLMServer:
        server = LLMServer(replies).start()
        servers.append(server)
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        if timeout is not None:
            monkeypatch.setenv("REVIEWER_LLM_TIMEOUT", str(timeout))
        return server

    yield start
    for server in servers:
        server.stop()


def report_of(out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)
    return data
