"""The agent loop with langchain's fake chat model (the HTTP path has its own tests): tools,
step budget, deadline, repair."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field

from reviewer.narrative.agent import RunInfo, Task, run
from reviewer.narrative.errors import DeadlineExceeded, InvalidAnswer, StepBudgetExhausted
from reviewer.narrative.prompts import load_prompt
from reviewer.narrative.redaction import Redactor
from reviewer.narrative.retry import Deadline
from reviewer.narrative.tools import RepoTools
from tests.conftest import git, make_repo
from tests.narrative.llm_server import answer


class ScriptedModel(FakeMessagesListChatModel):
    """Answers from a list and remembers what it was sent; tools are accepted as given."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def read_call(path: str = "app.yaml") -> AIMessage:
    return AIMessage("", tool_calls=[{"name": "read_file", "id": "c1",
                                      "args": {"path": path, "start_line": 1, "end_line": 2}}])


@pytest.fixture
def tools(tmp_path: Path) -> RepoTools:
    root = make_repo(tmp_path / "repo", [{"app.yaml": "replicas: 3\n"}])
    return RepoTools(root, git(root, "rev-parse", "HEAD").strip(), Redactor())


def task(tools: RepoTools | None, max_steps: int = 4, seconds: float = 30) -> Task:
    return Task(load_prompt("risk-narrative", 1), "the change", tools, max_steps,
                Deadline(seconds))


def test_tool_turn_then_answer(tools: RepoTools) -> None:
    model = ScriptedModel(responses=[read_call(), AIMessage(answer(summary="ok"))])
    info = RunInfo()
    result = run(task(tools), model, info, modes=("json_object",))
    assert (result.summary, info.model_calls, tools.calls) == ("ok", 2, 1)
    tool_message = model.seen[1][-1]
    assert tool_message.content == "app.yaml lines 1-1 of 1:\n1: replicas: 3"


def test_the_step_budget_ends_a_model_that_keeps_calling_tools(tools: RepoTools) -> None:
    model = ScriptedModel(responses=[read_call()])
    with pytest.raises(StepBudgetExhausted, match="no final answer within 2 steps"):
        run(task(tools, max_steps=2), model, RunInfo(), modes=("json_object",))
    assert model.seen[1][-1].content.startswith("That was your last tool turn")


def test_the_deadline_is_checked_before_every_call(tools: RepoTools) -> None:
    model = ScriptedModel(responses=[read_call()], sleep=0.3)
    with pytest.raises(DeadlineExceeded, match=r"deadline of 0\.2 s exceeded"):
        run(task(tools, seconds=0.2), model, RunInfo(), modes=("json_object",))
    assert len(model.seen) == 1


def test_one_repair_then_give_up() -> None:
    model = ScriptedModel(responses=[AIMessage("nope"), AIMessage('{"summary": 1}')])
    info = RunInfo()
    with pytest.raises(InvalidAnswer, match=r"\(even after one repair attempt\)$"):
        run(task(None), model, info, modes=("json_object",))
    assert (info.model_calls, info.repaired) == (2, True)
    assert model.seen[1][-2].content == "nope"
