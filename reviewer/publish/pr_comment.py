"""One summary comment per pull request, updated in place, plus inline comments on diff lines.

The summary comment starts with a hidden marker carrying a digest of its text: a later run
finds the comment by the marker, updates it when the text changed, and posts nothing when it
did not. Inline comments carry the finding fingerprint, so a finding is commented on once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.publish.github_api import GitHubClient, PublishError
from reviewer.render.grouping import ICONS
from reviewer.render.markdown import COMMENT_LIMIT, render_markdown, size
from reviewer.report import Report
from reviewer.severity import Severity

MAX_INLINE = 20
"""Inline comments posted in one run, worst first: more would bury the summary."""

_MARKER = re.compile(r"^<!-- reviewer:pr-comment digest=([0-9a-f]{16}) -->")
_FINDING_MARKER = re.compile(r"<!-- reviewer:finding ([0-9a-f]+) -->")
_MARKER_SIZE = len("<!-- reviewer:pr-comment digest=0123456789abcdef -->\n")


def comment_body(report: Report) -> str:
    """The summary comment: marker with digest, then the Markdown report, within GitHub's limit."""
    text = render_markdown(report, COMMENT_LIMIT - _MARKER_SIZE)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    body = f"<!-- reviewer:pr-comment digest={digest} -->\n{text}"
    assert size(body) <= COMMENT_LIMIT
    return body


def digest_of(body: str) -> str | None:
    match = _MARKER.match(body)
    return match.group(1) if match else None


def find_summary(comments: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Our earlier summary comment: the first whose body starts with the marker (a reply that
    quotes it starts with '>' and does not count)."""
    for comment in comments:
        if digest_of(str(comment.get("body") or "")) is not None:
            return comment
    return None


class InlineComment(NamedTuple):
    path: str
    line: int
    side: str
    """RIGHT for the head revision's lines, LEFT for deleted ones (GitHub's names)."""
    body: str
    fingerprint: str

    def payload(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "side": self.side, "body": self.body}


def inline_comments(report: Report, limit: int = MAX_INLINE) -> list[InlineComment]:
    """Warn and block findings on lines the diff shows, worst first, at most ``limit``."""
    eligible = [f for f in report.findings
                if not f.waived and f.severity >= Severity.WARN
                and report.shape.shows(f.path, f.side, f.line)]
    eligible.sort(key=lambda f: (-f.severity.rank, f.path, f.line, f.rule_id))
    return [InlineComment(f.path, f.line, "LEFT" if f.side is Side.OLD else "RIGHT",
                          _inline_body(f), f.fingerprint) for f in eligible[:limit]]


def _inline_body(f: Finding) -> str:
    lines = [f"<!-- reviewer:finding {f.fingerprint} -->",
             f"{ICONS[f.severity]} **{f.title or f.rule_id}** `{f.rule_id}` ({f.severity.value})",
             "", f.message]
    if f.severity_note:
        lines.append(f"_Severity {f.severity_note}._")
    if f.remediation.strip():
        lines += ["", f"**What to do instead:** {' '.join(f.remediation.split())}"]
    return "\n".join(lines)


class Outcome(NamedTuple):
    summary: str
    """created | updated | unchanged"""
    url: str
    inline_posted: int
    inline_already: int
    inline_error: PublishError | None = None


def publish(client: GitHubClient, number: int, report: Report,
            head_sha: str | None) -> Outcome:
    """Post or update the summary, then inline comments for findings not commented on yet.

    A failure on the summary raises; a failure on the inline comments is returned, since the
    summary, which matters most, is already there.
    """
    body = comment_body(report)
    existing = find_summary(client.issue_comments(number))
    if existing is None:
        posted, summary = client.create_issue_comment(number, body), "created"
    elif digest_of(str(existing.get("body") or "")) == digest_of(body):
        posted, summary = existing, "unchanged"
    else:
        posted, summary = client.update_issue_comment(int(existing["id"]), body), "updated"
    url = str(posted.get("html_url") or "")
    wanted = inline_comments(report)
    if not wanted:
        return Outcome(summary, url, 0, 0)
    try:
        seen = {m.group(1) for c in client.review_comments(number)
                for m in _FINDING_MARKER.finditer(str(c.get("body") or ""))}
        new = [c for c in wanted if c.fingerprint not in seen]
        if new:
            client.create_review(number, _review_body(new), [c.payload() for c in new], head_sha)
    except PublishError as exc:
        return Outcome(summary, url, 0, 0, exc)
    return Outcome(summary, url, len(new), len(wanted) - len(new))


def _review_body(comments: list[InlineComment]) -> str:
    n = len(comments)
    return (f"reviewer: {n} finding{'s' if n != 1 else ''} on lines of this diff; the summary "
            "comment has the verdict and everything else.")
