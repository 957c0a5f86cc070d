"""Where the narrative's model lives and how long it may take, from the environment and policy.

The environment wins over the policy file, as ``--fail-on`` wins over ``fail_on``: CI sets
the endpoint per job, the policy gives the team's default.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.narrative.errors import NarrativeError

if TYPE_CHECKING:
    from reviewer.policy.model import Policy

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 60.0
DEFAULT_CONTEXT_TOKENS = 16_000
DEFAULT_MAX_STEPS = 6
DEFAULT_PROMPT = "risk-narrative@v1"
OPENAI_URL = "https://api.openai.com/v1"
NO_KEY = "no-key-configured"
"""Sent as the key to servers that need none (a local model); the openai client insists on one."""


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    api_key: str
    model: str
    timeout: float
    """Seconds for the whole narrative step: every request, retry and tool call."""
    context_tokens: int
    """Token budget for the change as shown to the model (findings and hunks)."""
    max_steps: int
    """Model calls the agent may make, the final answer included."""
    prompt: str = DEFAULT_PROMPT
    """``name@vN`` of the prompt template (REVIEWER_PROMPT, else the policy's llm.prompt)."""
    prompt_dirs: tuple[Path, ...] = ()
    """The team's prompt folders from the policy (base-revision copies in git mode), searched
    before the bundled prompts."""


def configured(policy: Policy | None, env: Mapping[str, str] | None = None) -> bool:
    """A key or a base URL, from the environment or policy: without one there is no
    narrative, and that is not an error."""
    env = os.environ if env is None else env
    return bool(env.get("OPENAI_API_KEY") or env.get("OPENAI_BASE_URL")
                or (policy is not None and policy.llm.base_url))


def resolve(policy: Policy | None, env: Mapping[str, str] | None = None) -> Endpoint:
    env = os.environ if env is None else env
    llm = policy.llm if policy is not None else None
    base_url = env.get("OPENAI_BASE_URL") or (llm.base_url if llm else None) or OPENAI_URL
    model = env.get("REVIEWER_MODEL") or (llm.model if llm else None) or DEFAULT_MODEL
    timeout = _number(env, "REVIEWER_LLM_TIMEOUT",
                      llm.timeout if llm and llm.timeout else DEFAULT_TIMEOUT)
    tokens = int(_number(env, "REVIEWER_LLM_CONTEXT_TOKENS", DEFAULT_CONTEXT_TOKENS))
    steps = int(_number(env, "REVIEWER_LLM_MAX_STEPS", DEFAULT_MAX_STEPS))
    prompt = env.get("REVIEWER_PROMPT") or (llm.prompt if llm else None) or DEFAULT_PROMPT
    folders = tuple(policy.prompt_dirs) if policy is not None else ()
    return Endpoint(base_url.rstrip("/"), env.get("OPENAI_API_KEY") or NO_KEY, model, timeout,
                    max(tokens, 1_000), max(steps, 1), prompt, folders)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise NarrativeError(f"{name}={raw!r} is not a positive number")
    return value
