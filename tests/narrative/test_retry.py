"""Retry policy pieces: Retry-After in its three spellings, format rejections, the deadline."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import httpx2
import openai
import pytest

from reviewer.narrative.errors import DeadlineExceeded
from reviewer.narrative.retry import Deadline, format_rejected, is_transient, retry_after

REQUEST = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")


def status_error(status: int, message: str = "boom", headers: dict[str, str] | None = None
                 ) -> openai.APIStatusError:
    response = httpx2.Response(status, headers=headers or {}, request=REQUEST,
                               json={"error": {"message": message}})
    kinds: dict[int, Any] = {400: openai.BadRequestError, 429: openai.RateLimitError,
                             500: openai.InternalServerError}
    kind = kinds.get(status, openai.APIStatusError)
    error: openai.APIStatusError = kind(message, response=response,
                                        body={"error": {"message": message}})
    return error


@pytest.mark.parametrize(("headers", "seconds"), [
    ({"retry-after": "7"}, 7.0),
    ({"retry-after": "1.5"}, 1.5),
    ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
    ({"retry-after": "soon"}, None),
    ({}, None),
])
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    assert retry_after(status_error(429, headers=headers)) == seconds


def test_retry_after_as_an_http_date() -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    wait = retry_after(status_error(429, headers={"retry-after": when}))
    assert wait is not None and 28 <= wait <= 30


@pytest.mark.parametrize(("error", "transient", "rejected"), [
    (status_error(429), True, False),
    (status_error(500), True, False),
    (status_error(503), True, False),
    (status_error(408), True, False),
    (status_error(400), False, False),
    (status_error(401), False, False),
    (status_error(400, "response_format json_schema is not supported"), False, True),
    (status_error(500, "Unsupported response_format type: json_object"), False, True),
    (status_error(400, "this model does not support tools"), False, True),
    (openai.APITimeoutError(request=REQUEST), True, False),
    (openai.APIConnectionError(request=REQUEST), True, False),
])
def test_what_is_retried_and_what_means_fall_back(error: Exception, transient: bool,
                                                  rejected: bool) -> None:
    assert (is_transient(error), format_rejected(error)) == (transient, rejected)


def test_deadline() -> None:
    now = [100.0]
    deadline = Deadline(60, clock=lambda: now[0])
    now[0] += 59.5
    assert deadline.remaining() == pytest.approx(0.5)
    deadline.check()
    now[0] += 1
    with pytest.raises(DeadlineExceeded, match="deadline of 60 s exceeded"):
        deadline.check()
