"""The narrative step: build the prompt, ask the model (or the cache), ground the answer.

Whatever happens in here, the review completes: every failure, including a bug, becomes
``status: failed`` with the reason, and the deterministic verdict is untouched. The whole step
runs under one deadline (``REVIEWER_LLM_TIMEOUT``), enforced twice: each request and retry
checks the time left, and a watchdog stops waiting for the worker thread when it is up.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reviewer.analyzers.engine import Skipped
from reviewer.analyzers.findings import Finding
from reviewer.diff.model import ChangeSet, SourceMode
from reviewer.narrative import cache, tokens
from reviewer.narrative.agent import MODES, RunInfo, Task, run
from reviewer.narrative.context import Context, build_context
from reviewer.narrative.errors import DeadlineExceeded, NarrativeError
from reviewer.narrative.grounding import LineIndex, ground
from reviewer.narrative.prompts import Prompt, find_prompt, team_context
from reviewer.narrative.redaction import Redactor
from reviewer.narrative.retry import Deadline
from reviewer.narrative.settings import Endpoint, resolve
from reviewer.narrative.tools import RepoTools
from reviewer.report import GroundingCounts, NarrativeReport, TokenUse

if TYPE_CHECKING:
    from reviewer.narrative.answer import Answer
    from reviewer.policy.model import Policy

log = logging.getLogger(__name__)

GRACE = 1.0
"""Seconds the watchdog allows past the deadline for the worker to report it itself."""
MAX_CLIPPED_IN_PROMPT = 20


def narrate(changes: ChangeSet, findings: Sequence[Finding], policy: Policy | None, *,
            no_cache: bool = False, endpoint: Endpoint | None = None) -> NarrativeReport:
    """``endpoint`` (default: from the environment and the policy) lets an evaluation choose
    the prompt and model of each run."""
    if not any(change.hunks for change in changes.files):
        return NarrativeReport(status="skipped", reason="no text changes to narrate")
    try:
        endpoint = endpoint or resolve(policy)
    except NarrativeError as exc:
        return NarrativeReport(status="failed", error=str(exc))
    job = _Job(changes, findings, endpoint, no_cache)
    worker = threading.Thread(target=job.run, name="reviewer-narrative", daemon=True)
    worker.start()
    worker.join(endpoint.timeout + GRACE)
    if job.result is None:
        # The worker is stuck in a call that ignores its timeout; it is a daemon thread, so it
        # dies with the process. Its late result, if any, is never read.
        return job.failed(DeadlineExceeded(f"deadline of {endpoint.timeout:g} s exceeded"))
    return job.result


class Prepared(NamedTuple):
    prompt: Prompt
    context: Context
    task: Task
    system: str
    """The system message as first sent (json_schema mode)."""
    tokens: int
    """Tokens of the system and user messages, counted offline."""
    tokenizer: str


def prepare(changes: ChangeSet, findings: Sequence[Finding], endpoint: Endpoint,
            deadline: Deadline, redactor: Redactor) -> Prepared:
    """Everything up to the first request: the redacted, budgeted prompt and the tools."""
    prompt = find_prompt(endpoint.prompt, endpoint.prompt_dirs)
    counter = tokens.counter()
    context = build_context(changes, findings, endpoint.context_tokens, redactor, counter.count)
    source = changes.source
    tools = (RepoTools(Path(source.repo), source.head, redactor)
             if source.mode is SourceMode.GIT and source.repo and source.head else None)
    task = Task(prompt, user_message(changes, len(findings), prompt, context), tools,
                endpoint.max_steps, deadline,
                team_context=redactor.text(team_context(endpoint.prompt_dirs)))
    system = task.system(MODES[0])
    return Prepared(prompt, context, task, system,
                    counter.count(system) + counter.count(task.user), counter.name)


def user_message(changes: ChangeSet, finding_count: int, prompt: Prompt,
                 context: Context) -> str:
    source = changes.source
    where = (f"git revisions {source.base[:12]}...{source.head[:12]}"
             if source.mode is SourceMode.GIT and source.base and source.head
             else "a unified diff")
    # The fence is derived from what it encloses, so text in the change cannot close it.
    fence = "UNTRUSTED-CHANGE-" + hashlib.sha256(
        (context.findings + context.diff).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    clipped = ""
    if context.clipped:
        shown = [f"- {c.path}: {c.why}" for c in context.clipped[:MAX_CLIPPED_IN_PROMPT]]
        more = len(context.clipped) - MAX_CLIPPED_IN_PROMPT
        clipped = "\nLeft out for size:\n" + "\n".join(shown) + (
            f"\n- and {more} more" if more > 0 else "")
    files = len(changes.files)
    return prompt.render("user", source=where,
                         file_count=f"{files} file{'s' if files != 1 else ''}",
                         finding_count=finding_count, fence=fence, findings=context.findings,
                         diff=context.diff, clipped=clipped)


class _Job:
    def __init__(self, changes: ChangeSet, findings: Sequence[Finding], endpoint: Endpoint,
                 no_cache: bool) -> None:
        self.changes, self.findings, self.endpoint = changes, findings, endpoint
        self.no_cache = no_cache
        self.deadline = Deadline(endpoint.timeout)
        self.redactor = Redactor()
        self.info = RunInfo()
        self.prompt: Prompt | None = None
        self.context: Context | None = None
        self.tools: RepoTools | None = None
        self.prompt_tokens = 0
        self.tokenizer = ""
        self.result: NarrativeReport | None = None

    def run(self) -> None:
        try:
            report = self._narrate()
        except NarrativeError as exc:
            report = self.failed(exc)
        except Exception as exc:  # the review must complete, whatever the narrative does
            log.debug("narrative failed", exc_info=True)
            report = self.failed(NarrativeError(f"internal error: {type(exc).__name__}: {exc}"))
        if self.result is None:
            self.result = report

    def _narrate(self) -> NarrativeReport:
        prepared = prepare(self.changes, self.findings, self.endpoint, self.deadline,
                           self.redactor)
        self.prompt, self.context = prepared.prompt, prepared.context
        self.tools, self.tokenizer = prepared.task.tools, prepared.tokenizer
        self.prompt_tokens = prepared.tokens
        self.deadline.check()
        task = prepared.task
        key = cache.cache_key(prompt=prepared.prompt.ref, model=self.endpoint.model,
                              base_url=self.endpoint.base_url, system=prepared.system,
                              user=task.user,
                              revision=self.changes.source.head if task.tools else None)
        cached = None if self.no_cache else cache.load(key)
        if cached is not None:
            return self._finish(cached.answer, cached.output_mode, cache_hit=True)
        from reviewer.narrative.client import chat_model

        model, close = chat_model(self.endpoint)
        try:
            answer = run(task, model, self.info)
        finally:
            close()
        cache.store(key, answer, self.info.mode)
        return self._finish(answer, self.info.mode)

    def _finish(self, answer: Answer, output_mode: str, cache_hit: bool = False
                ) -> NarrativeReport:
        grounded = ground(answer.concerns, LineIndex(self.changes, Redactor()))
        return replace(
            self._so_far("ok"), summary=answer.summary, concerns=grounded.concerns,
            blast_radius=answer.blast_radius, questions=tuple(answer.questions),
            pre_merge_checks=tuple(answer.pre_merge_checks),
            post_merge_checks=tuple(answer.post_merge_checks), output_mode=output_mode,
            grounding=GroundingCounts(grounded.grounded, grounded.ungrounded, grounded.dropped),
            cache_hit=cache_hit)

    def failed(self, exc: NarrativeError) -> NarrativeReport:
        return replace(self._so_far("failed"), error=str(exc))

    def _so_far(self, status: str) -> NarrativeReport:
        """The report with what is known at this point, answer or not."""
        context = self.context
        return NarrativeReport(
            status=status, model=self.endpoint.model,
            prompt=self.prompt.ref if self.prompt else "", output_mode=self.info.mode,
            tokens=TokenUse(self.prompt_tokens, self.endpoint.context_tokens, self.tokenizer,
                            self.info.input_tokens, self.info.output_tokens),
            redactions=self.redactor.count, repaired=self.info.repaired,
            steps=self.info.model_calls, tool_calls=self.tools.calls if self.tools else 0,
            # sorted: the agent runs tools in parallel, so their order is not stable
            tool_refusals=tuple(sorted(self.tools.refusals)) if self.tools else (),
            clipped=tuple(Skipped(c.path, c.why) for c in context.clipped) if context else ())
