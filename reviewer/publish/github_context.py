"""Which pull request to comment on, and with what token: flags first, then the Actions
environment (``GITHUB_REPOSITORY``, the event payload at ``GITHUB_EVENT_PATH``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from reviewer.errors import UserError

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")


class PullRequestTarget(NamedTuple):
    api_url: str
    repository: str
    number: int
    head_sha: str | None


def token_from(env: Mapping[str, str]) -> str:
    for name in TOKEN_VARIABLES:
        if env.get(name):
            return env[name]
    raise UserError("no GitHub token: set GITHUB_TOKEN (in Actions: "
                    "env: GITHUB_TOKEN: ${{ github.token }})")


def event_payload(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read the event payload: {exc.strerror}", where=path) from None
    except ValueError as exc:
        raise UserError(f"the event payload is not JSON: {exc}", where=path) from None
    return data if isinstance(data, dict) else {}


def target_from(env: Mapping[str, str], repository: str | None,
                number: int | None) -> PullRequestTarget:
    event = event_payload(env)
    pull = event.get("pull_request") if isinstance(event.get("pull_request"), dict) else {}
    assert isinstance(pull, dict)
    repository = repository or env.get("GITHUB_REPOSITORY") or None
    if not repository or repository.count("/") != 1 or repository.startswith("/"):
        raise UserError("which repository? give --github-repository OWNER/NAME or set "
                        "GITHUB_REPOSITORY")
    if number is None:
        found = pull.get("number", event.get("number"))
        if not isinstance(found, int):
            raise UserError("which pull request? give --pr NUMBER, or run on a pull_request "
                            "event (GITHUB_EVENT_PATH)")
        number = found
    head = pull.get("head")
    head_sha = head.get("sha") if isinstance(head, dict) else None
    api_url = env.get("GITHUB_API_URL") or DEFAULT_API_URL
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"GITHUB_API_URL must be an http(s) URL, not {api_url!r}")
    return PullRequestTarget(api_url, repository, number,
                             head_sha if isinstance(head_sha, str) else None)
