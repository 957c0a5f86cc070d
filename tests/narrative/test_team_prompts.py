"""The policy's prompt folders: a team's own prompt versions and the context it writes about
its systems reach the model (redacted), and the report names the prompt used."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.narrative.errors import NarrativeError
from reviewer.narrative.prompts import find_prompt, parse_ref, team_context
from reviewer.resources import prompts_dir
from tests.conftest import DIFFS
from tests.narrative.llm_server import LLMServer, Reply, answer, completion

ONE_FILE = str(DIFFS / "one-file-replicas-cut.diff")


def copy_prompt(target: Path, name: str, version: int, extra: str = "") -> None:
    source = prompts_dir() / "risk-narrative" / "v1"
    folder = target / name / f"v{version}"
    folder.mkdir(parents=True)
    for part in source.glob("*.md"):
        text = part.read_text()
        (folder / part.name).write_text(text + extra if part.stem == "system" else text)


@pytest.mark.parametrize(("ref", "expected"), [
    ("risk-narrative@v1", ("risk-narrative", 1)), ("risk-narrative@2", ("risk-narrative", 2)),
])
def test_parse_ref(ref: str, expected: tuple[str, int]) -> None:
    assert parse_ref(ref) == expected


@pytest.mark.parametrize("ref", ["risk-narrative", "risk-narrative@vx", "@v1"])
def test_bad_refs(ref: str) -> None:
    with pytest.raises(NarrativeError, match="expected NAME@vN"):
        parse_ref(ref)


def test_team_folders_come_before_the_bundled_prompts(tmp_path: Path) -> None:
    copy_prompt(tmp_path, "risk-narrative", 1, "TEAM VERSION\n")
    copy_prompt(tmp_path, "risk-narrative", 7)
    assert "TEAM VERSION" in find_prompt("risk-narrative@v1", [tmp_path]).parts["system"]
    assert "TEAM VERSION" not in find_prompt("risk-narrative@v1").parts["system"]
    assert find_prompt("risk-narrative@v7", [tmp_path]).ref == "risk-narrative@v7"
    with pytest.raises(NarrativeError, match="risk-narrative@v9 not found"):
        find_prompt("risk-narrative@v9", [tmp_path])


def test_team_context_is_the_top_level_markdown(tmp_path: Path) -> None:
    (tmp_path / "b-ownership.md").write_text("Payments owns checkout.\n")
    (tmp_path / "a-rollout.md").write_text("We bake one hour per region.\n")
    (tmp_path / "notes.txt").write_text("not markdown\n")
    assert team_context([tmp_path]) == ("## a-rollout.md\n\nWe bake one hour per region.\n\n"
                                         "## b-ownership.md\n\nPayments owns checkout.")
    (tmp_path / "c-big.md").write_text("x" * 20_000)
    assert team_context([tmp_path]).endswith("[team context cut at 8,000 characters]")


def test_policy_prompt_and_team_context_reach_the_model_redacted(
        cli: Callable[..., Any], llm: Callable[..., LLMServer], tmp_path: Path) -> None:
    import langchain_openai  # noqa: F401  (import cost outside the deadline)

    prompts = tmp_path / "team-prompts"
    copy_prompt(prompts, "ops-review", 2)
    (prompts / "systems.md").write_text("Checkout peaks at 40k rps on Fridays.\n"
                                        "ops_token = q7Vx2LmP9sKe4TzR8wNb\n")
    policy = tmp_path / ".reviewer.yaml"
    policy.write_text("version: 1\nprompts:\n  paths: [team-prompts]\n"
                      "llm:\n  prompt: ops-review@v2\n")
    server = llm([Reply(200, completion(answer()))])
    result = cli("review", ONE_FILE, "--config", str(policy), "--format", "json")
    report = json.loads(result.out)
    assert report["narrative"]["status"] == "ok"
    assert report["narrative"]["prompt"] == "ops-review@v2"
    sent = "".join(seen.raw.decode("utf-8", "replace") for seen in server.seen)
    assert "Checkout peaks at 40k rps on Fridays." in sent
    assert "q7Vx2LmP9sKe4TzR8wNb" not in sent
