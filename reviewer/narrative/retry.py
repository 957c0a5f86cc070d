"""One retry policy for every model call, under one deadline for the whole narrative.

The openai client's own retries are off (``max_retries=0``), so attempts do not multiply:
429, 408, 409, 5xx, timeouts and dropped connections are retried here, waiting what the
server's ``Retry-After`` (or ``retry-after-ms``) asks, else a doubling backoff. A wait that would
pass the deadline ends the narrative at once with the reason, rather than sleeping into it.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reviewer.narrative.errors import (
    DeadlineExceeded,
    EndpointError,
    FormatRejected,
    NarrativeError,
)

T = TypeVar("T")

_RETRIED_STATUS = frozenset({408, 409, 429})
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output",
                 "response format", "tool_choice", "tools are not supported",
                 "does not support tools", "tool calling")


class Deadline:
    """Wall-clock budget for the narrative step, started on creation."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()

    def check(self) -> None:
        if self.remaining() <= 0:
            raise DeadlineExceeded(f"deadline of {self.seconds:g} s exceeded")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    """Tries per model call, the first included."""
    backoff: float = 0.5
    """First wait without Retry-After; doubles each time."""
    max_wait: float = 8.0


@dataclass
class CallLog:
    """What the calls cost and how they went, for the report."""

    requests: int = 0
    retries: int = 0
    waits: list[float] = field(default_factory=list)


def call_with_retries(fn: Callable[[], T], policy: RetryPolicy, deadline: Deadline,
                      log: CallLog | None = None) -> T:
    """``fn()``, retried on transient failures; failures become NarrativeErrors with a reason."""
    from tenacity import RetryCallState, Retrying, retry_if_exception

    log = log if log is not None else CallLog()

    def attempt() -> T:
        deadline.check()
        log.requests += 1
        return fn()

    def wait(state: RetryCallState) -> float:
        assert state.outcome is not None
        after = retry_after(state.outcome.exception())
        if after is not None:
            return after
        return float(min(policy.max_wait, policy.backoff * 2 ** (state.attempt_number - 1)))

    def stop(state: RetryCallState) -> bool:
        if state.attempt_number >= policy.attempts:
            return True
        if state.upcoming_sleep >= deadline.remaining():
            return True
        log.retries += 1
        log.waits.append(state.upcoming_sleep)
        return False

    retrying = Retrying(retry=retry_if_exception(is_transient), wait=wait, stop=stop,
                        reraise=True)
    try:
        return retrying(attempt)
    except NarrativeError:
        raise
    except Exception as exc:
        if format_rejected(exc):
            raise FormatRejected(f"HTTP {status_of(exc)}: {_server_message(exc)}") from exc
        raise explain(exc, deadline, log) from exc


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked to wait, from ``retry-after-ms`` or ``retry-after``
    (seconds or an HTTP date); None when it did not say."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def is_transient(exc: BaseException) -> bool:
    import openai

    if format_rejected(exc):
        return False
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    status = status_of(exc)
    return status is not None and (status in _RETRIED_STATUS or status >= 500)


def format_rejected(exc: BaseException) -> bool:
    """The server refused the request's response format or tools, as local servers that
    support only some structured-output modes do."""
    status = status_of(exc)
    if status not in (400, 404, 415, 422, 500, 501):
        return False
    text = f"{exc} {json.dumps(getattr(exc, 'body', None), default=str)}".lower()
    return any(word in text for word in _FORMAT_WORDS)


def explain(exc: BaseException, deadline: Deadline, log: CallLog) -> NarrativeError:
    """A one-line reason for the report."""
    import openai

    tries = f" after {log.requests} attempt{'s' if log.requests != 1 else ''}"
    if isinstance(exc, openai.APITimeoutError):
        if deadline.remaining() <= 0.5:
            return DeadlineExceeded(f"deadline of {deadline.seconds:g} s exceeded waiting for "
                                    f"the endpoint")
        return EndpointError(f"the endpoint timed out{tries}")
    if isinstance(exc, openai.APIConnectionError):
        return EndpointError(f"cannot reach the endpoint{tries}: {_cause(exc)}")
    status = status_of(exc)
    if status is not None:
        message = _server_message(exc)
        reason = f"the endpoint answered HTTP {status}{tries}" + (f": {message}" if message
                                                                  else "")
        after = retry_after(exc)
        if after is not None and after >= deadline.remaining():
            reason += (f"; it asked to retry after {after:g} s, beyond the "
                       f"{deadline.seconds:g} s deadline")
        return EndpointError(reason)
    if isinstance(exc, (ValueError, TypeError, AttributeError, KeyError)):
        # openai or langchain could not read the body (an HTML error page from a proxy, a
        # cut-off reply): depending on the path it surfaces as any of these.
        return EndpointError(f"the endpoint's reply is not a chat completion "
                             f"({type(exc).__name__}: {' '.join(str(exc).split())[:160]})")
    return NarrativeError(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}")


def _server_message(exc: BaseException) -> str:
    body: Any = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:200]
    return " ".join(str(getattr(exc, "message", "") or "").split())[:200]


def _cause(exc: BaseException) -> str:
    """The innermost cause (langchain wraps openai's error, which wraps the socket's)."""
    seen = {id(exc)}
    while exc.__cause__ is not None and id(exc.__cause__) not in seen:
        exc = exc.__cause__
        seen.add(id(exc))
    return " ".join(str(exc).split())[:160]
