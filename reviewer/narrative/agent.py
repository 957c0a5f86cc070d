"""The narrative agent: a langchain agent with read-only repository tools, a step budget and a
structured final answer.

Structured output is asked for the strongest way the server accepts: a ``json_schema``
response format, else ``json_object`` with the schema in the prompt, else tool calling. Local
servers that reject a mode answer 4xx/5xx naming it; the agent then starts over in the next
mode (nothing was spent but the rejected request). An answer that does not fit the schema
gets one repair request; a second failure fails the narrative.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reviewer.narrative.answer import Answer, parse_answer, schema_json
from reviewer.narrative.errors import (
    EndpointError,
    FormatRejected,
    InvalidAnswer,
    Refused,
    StepBudgetExhausted,
)
from reviewer.narrative.prompts import Prompt
from reviewer.narrative.retry import CallLog, Deadline, RetryPolicy, call_with_retries
from reviewer.narrative.tools import RepoTools

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage
    from langchain_core.tools import BaseTool

MODES = ("json_schema", "json_object", "tool_calling")


@dataclass
class RunInfo:
    """How the run went, for the report (filled in as it goes, so a failure keeps it)."""

    mode: str = ""
    model_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    repaired: bool = False
    rejected_modes: list[str] = field(default_factory=list)
    calls: CallLog = field(default_factory=CallLog)


@dataclass(frozen=True)
class Task:
    prompt: Prompt
    user: str
    """The rendered user message: the fenced, redacted change."""
    tools: RepoTools | None
    max_steps: int
    deadline: Deadline
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    team_context: str = ""
    """What the repository's owners wrote about their systems (the policy's prompt folders,
    read from the base revision): trusted, unlike the change."""

    def system(self, mode: str) -> str:
        note = (self.prompt.render("tools", max_steps=self.max_steps) if self.tools
                else self.prompt.render("no-tools"))
        text = self.prompt.render("system", tools_note=note.strip(),
                                  answer_format=answer_format(self.prompt, mode))
        if self.team_context:
            text += ("\nContext from this repository's owners about their systems (from the "
                     "review policy; trusted, unlike the change):\n\n" + self.team_context)
        return text


def answer_format(prompt: Prompt, mode: str) -> str:
    """Schema text for the prompt where the server does not enforce it."""
    return prompt.render("json-format", schema=schema_json()) if mode == "json_object" else ""


def run(task: Task, model: BaseChatModel, info: RunInfo,
        modes: Sequence[str] = MODES) -> Answer:
    """The validated answer, or a NarrativeError saying why there is none."""
    rejections = []
    for mode in modes:
        info.mode = mode
        try:
            return _run_mode(task, model, mode, info)
        except FormatRejected as exc:
            info.rejected_modes.append(mode)
            rejections.append(f"{mode}: {exc}")
    raise EndpointError("the server accepts none of the structured-output modes ("
                        + "; ".join(rejections) + ")")


def _run_mode(task: Task, model: BaseChatModel, mode: str, info: RunInfo) -> Answer:
    from langchain.agents import create_agent
    from langchain.agents.structured_output import ToolStrategy
    from langchain_core.messages import HumanMessage
    from langgraph.errors import GraphRecursionError

    # Tool calling goes through langchain's ToolStrategy. The two response formats are set
    # per request instead (see _guard): langchain's provider strategy sends an empty "tools"
    # list when there are no tools, which OpenAI rejects.
    response_format = ToolStrategy(Answer, handle_errors=False) if mode == "tool_calling" else None
    agent = create_agent(model, _tools(task.tools), system_prompt=task.system(mode),
                         middleware=[_guard(task, mode, info)], response_format=response_format)
    try:
        state = agent.invoke({"messages": [HumanMessage(task.user)]},
                             config={"recursion_limit": 2 * task.max_steps + 4})
    except GraphRecursionError:
        raise StepBudgetExhausted(f"no final answer within {task.max_steps} steps") from None
    except InvalidAnswer as exc:
        return _repair(task, model, mode, info, exc)
    structured = state.get("structured_response")
    if isinstance(structured, Answer):
        return structured.capped()
    try:
        return parse_answer(_text(state["messages"][-1]))
    except InvalidAnswer as exc:
        return _repair(task, model, mode, info, exc)


def response_format(mode: str) -> dict[str, Any] | None:
    """The ``response_format`` request field for a mode (tool calling has none)."""
    if mode == "json_schema":
        return {"type": "json_schema",
                "json_schema": {"name": "narrative_answer", "strict": True,
                                "schema": Answer.model_json_schema()}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def _repair(task: Task, model: BaseChatModel, mode: str, info: RunInfo,
            problem: InvalidAnswer) -> Answer:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    info.repaired = True
    messages = [SystemMessage(task.system(mode)), HumanMessage(task.user),
                AIMessage(problem.raw[:6000] or "(empty answer)"),
                HumanMessage(task.prompt.render("repair", error=str(problem),
                                                answer_format=answer_format(task.prompt, mode)))]
    # Bound by hand rather than with_structured_output: that parses inside the model call,
    # where a bad answer would look like a transport failure instead of a bad answer.
    wanted = response_format(mode)
    bound = (model.bind(response_format=wanted) if wanted is not None
             else model.bind_tools([Answer], tool_choice="Answer"))

    def call() -> BaseMessage:
        task.deadline.check()
        info.model_calls += 1
        return bound.invoke(messages)

    reply = call_with_retries(call, task.retry, task.deadline, info.calls)
    _account(reply, info)
    _raise_on_refusal(reply)
    try:
        return parse_answer(_text(reply))
    except InvalidAnswer as exc:
        raise InvalidAnswer(f"{exc} (even after one repair attempt)", raw=exc.raw) from None


def _guard(task: Task, mode: str, info: RunInfo) -> Any:
    """Middleware around every model call: deadline, step budget, retries, usage, refusals."""
    from langchain.agents.middleware import AgentMiddleware, ModelRequest
    from langchain.agents.structured_output import StructuredOutputError
    from langchain_core.messages import HumanMessage

    class Guard(AgentMiddleware):
        def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], Any]
                            ) -> Any:
            task.deadline.check()
            info.model_calls += 1
            if info.model_calls > task.max_steps:
                raise StepBudgetExhausted(f"no final answer within {task.max_steps} steps")
            if info.model_calls == task.max_steps and task.tools is not None:
                request = request.override(tools=[], messages=[
                    *request.messages, HumanMessage(task.prompt.render("final-step"))])
            wanted = response_format(mode)
            if wanted is not None:
                request = request.override(model_settings={
                    **request.model_settings, "response_format": wanted})

            def call() -> Any:
                try:
                    return handler(request)
                except StructuredOutputError as exc:
                    _raise_on_refusal(exc.ai_message)
                    raise InvalidAnswer(str(getattr(exc, "source", exc)),
                                        raw=_text(exc.ai_message)) from None

            response = call_with_retries(call, task.retry, task.deadline, info.calls)
            for message in getattr(response, "result", [response]):
                _account(message, info)
                _raise_on_refusal(message)
            return response

    return Guard()


def _tools(tools: RepoTools | None) -> list[BaseTool]:
    if tools is None:
        return []
    from langchain_core.tools import StructuredTool

    return [
        StructuredTool.from_function(
            tools.read_file, name="read_file",
            description="Read lines start_line..end_line (1-based, inclusive, at most 200) "
                        "of a file at the pull request's head revision."),
        StructuredTool.from_function(
            tools.search_repository, name="search_repository",
            description="Find lines containing this exact text (a key, flag or identifier) "
                        "anywhere in the repository at the head revision."),
        StructuredTool.from_function(
            tools.recent_changes, name="recent_changes",
            description="The last commits that changed a file: id, date, author, subject."),
    ]


def _account(message: BaseMessage | None, info: RunInfo) -> None:
    usage = getattr(message, "usage_metadata", None)
    if usage:
        info.input_tokens += int(usage.get("input_tokens", 0))
        info.output_tokens += int(usage.get("output_tokens", 0))


def _raise_on_refusal(message: BaseMessage | None) -> None:
    refusal = getattr(message, "additional_kwargs", {}).get("refusal")
    if refusal:
        raise Refused(f"the model refused: {' '.join(str(refusal).split())[:200]}")


def _text(message: BaseMessage | None) -> str:
    if message is None:
        return ""
    calls = getattr(message, "tool_calls", None)
    if calls:
        import json

        return json.dumps(calls[0].get("args", {}))
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part)
                   for part in content)
