"""The few GitHub REST calls a PR comment needs, over the standard library's HTTP client.

Every failure becomes one ``PublishError`` whose message is a single sentence a CI log can
show; the token never appears in it.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from reviewer import __version__

API_VERSION = "2022-11-28"
TIMEOUT = 30.0
MAX_PAGES = 50
"""Pages of 100 comments read while looking for ours: 5,000 comments is plenty."""


class PublishError(Exception):
    """GitHub refused the call or could not be reached; ``str()`` is one line for the log."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GitHubClient:
    def __init__(self, api_url: str, repository: str, token: str,
                 timeout: float = TIMEOUT) -> None:
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self._token = token
        self.timeout = timeout

    def __repr__(self) -> str:  # keeps the token out of tracebacks and debug output
        return f"GitHubClient({self.api_url!r}, {self.repository!r})"

    # issue comments: the one summary comment lives here
    def issue_comments(self, number: int) -> list[dict[str, Any]]:
        return self._pages(f"/repos/{self.repository}/issues/{number}/comments")

    def create_issue_comment(self, number: int, body: str) -> dict[str, Any]:
        return self._object("POST", f"/repos/{self.repository}/issues/{number}/comments",
                            {"body": body})

    def update_issue_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        return self._object("PATCH", f"/repos/{self.repository}/issues/comments/{comment_id}",
                            {"body": body})

    # review comments: findings on lines of the diff
    def review_comments(self, number: int) -> list[dict[str, Any]]:
        return self._pages(f"/repos/{self.repository}/pulls/{number}/comments")

    def create_review(self, number: int, body: str, comments: list[dict[str, Any]],
                      commit_id: str | None) -> dict[str, Any]:
        payload: dict[str, Any] = {"event": "COMMENT", "body": body, "comments": comments}
        if commit_id:
            payload["commit_id"] = commit_id
        return self._object("POST", f"/repos/{self.repository}/pulls/{number}/reviews", payload)

    def _pages(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        url: str | None = f"{self.api_url}{path}?per_page=100"
        for _ in range(MAX_PAGES):
            if url is None:
                break
            data, headers = self._call("GET", url, None)
            if not isinstance(data, list):
                raise PublishError(f"GitHub sent an unexpected answer for GET {path}")
            items.extend(item for item in data if isinstance(item, dict))
            url = _next_link(headers.get("Link", ""))
        return items

    def _object(self, method: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        data, _ = self._call(method, f"{self.api_url}{path}", payload)
        if not isinstance(data, dict):
            raise PublishError(f"GitHub sent an unexpected answer for {method} {path}")
        return data

    def _call(self, method: str, url: str,
              payload: dict[str, Any] | None) -> tuple[Any, dict[str, str]]:
        body = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(url, data=body, method=method, headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self._token}",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": f"reviewer/{__version__}",
            **({"Content-Type": "application/json"} if body is not None else {}),
        })
        what = f"{method} {urlsplit(url).path}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
                headers = dict(response.headers.items())
        except urllib.error.HTTPError as exc:
            detail = exc.read()
            raise _refusal(what, exc.code, dict(exc.headers.items()), detail) from None
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or str(exc) or exc.__class__.__name__
            raise PublishError(f"cannot reach GitHub at {self.api_url} ({reason})") from None
        try:
            return (json.loads(raw) if raw else {}), headers
        except ValueError:
            raise PublishError(f"GitHub answered {what} with something that is not JSON") from None


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        section = part.split(";")
        if len(section) > 1 and any(s.strip() == 'rel="next"' for s in section[1:]):
            return section[0].strip().strip("<>")
    return None


def _refusal(what: str, status: int, headers: dict[str, str], raw: bytes) -> PublishError:
    """One sentence for an HTTP error, naming what to fix when we know it."""
    try:
        answer = json.loads(raw)
        message = str(answer.get("message", "")) if isinstance(answer, dict) else ""
        errors = answer.get("errors") if isinstance(answer, dict) else None
    except ValueError:
        message, errors = "", None
    lower = {k.lower(): v for k, v in headers.items()}
    if status in (403, 429) and (lower.get("x-ratelimit-remaining") == "0"
                                 or "retry-after" in lower or "rate limit" in message.lower()):
        return PublishError(f"GitHub rate limit reached ({what}); {_when(lower)}", status)
    if status == 401:
        return PublishError("GitHub rejected the token (401 Bad credentials): set GITHUB_TOKEN "
                            "to a valid token", status)
    if status == 403:
        return PublishError(f"GitHub refused {what} (403 {message or 'Forbidden'}): the token "
                            "needs 'pull-requests: write' (read-only on pull requests from "
                            "forks)", status)
    if status == 404:
        return PublishError(f"GitHub found no {what} (404): check the repository and pull "
                            "request number, and that the token can see them", status)
    if status == 422:
        detail = "; ".join(_error_text(e) for e in errors) if isinstance(errors, list) else ""
        return PublishError(f"GitHub rejected {what} (422 {message or 'Unprocessable'}"
                            + (f": {detail}" if detail else "") + ")", status)
    return PublishError(f"GitHub answered {what} with HTTP {status}"
                        + (f" ({message})" if message else ""), status)


def _error_text(error: object) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or error)
    return str(error)


def _when(headers: dict[str, str]) -> str:
    if "retry-after" in headers:
        return f"retry after {headers['retry-after']} s"
    reset = headers.get("x-ratelimit-reset", "")
    if reset.isdigit():
        return "the limit resets at " + time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                                       time.gmtime(int(reset)))
    return "try again later"
