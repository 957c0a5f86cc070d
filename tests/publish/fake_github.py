"""A small stand-in for the GitHub REST API on 127.0.0.1: it keeps the comments it is sent,
records every request, and can be told to answer everything with an error."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

REPOSITORY = "acme/shop"
NUMBER = 42


class Seen(NamedTuple):
    method: str
    path: str
    body: Any
    authorization: str


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: Any


class FakeGitHub:
    def __init__(self) -> None:
        self.issue_comments: list[dict[str, Any]] = []
        self.review_comments: list[dict[str, Any]] = []
        self.requests: list[Seen] = []
        self.failure: Answer | None = None
        self.hang = False
        self._ids = iter(range(1000, 100_000))
        self._stop = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def fail_with(self, status: int, body: Any = None, **headers: str) -> None:
        self.failure = Answer(status, {k.replace("_", "-"): v for k, v in headers.items()},
                              body if body is not None else {"message": "error"})

    def writes(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests if r.method != "GET"]

    def _answer(self, method: str, path: str, body: Any) -> Answer:
        if self.failure is not None:
            return self.failure
        base = f"/repos/{REPOSITORY}"
        route = path.split("?")[0]
        if route == f"{base}/issues/{NUMBER}/comments":
            if method == "GET":
                return Answer(200, {}, self.issue_comments)
            comment = {"id": next(self._ids), "body": body["body"],
                       "html_url": f"https://github.com/{REPOSITORY}/pull/{NUMBER}#c",
                       "user": {"login": "github-actions[bot]", "type": "Bot"}}
            self.issue_comments.append(comment)
            return Answer(201, {}, comment)
        match = re.fullmatch(rf"{base}/issues/comments/(\d+)", route)
        if match and method == "PATCH":
            for comment in self.issue_comments:
                if comment["id"] == int(match.group(1)):
                    comment["body"] = body["body"]
                    return Answer(200, {}, comment)
            return Answer(404, {}, {"message": "Not Found"})
        if route == f"{base}/pulls/{NUMBER}/comments" and method == "GET":
            return Answer(200, {}, self.review_comments)
        if route == f"{base}/pulls/{NUMBER}/reviews" and method == "POST":
            self.review_comments.extend({"id": next(self._ids), **c} for c in body["comments"])
            return Answer(200, {}, {"id": next(self._ids), "state": "COMMENTED"})
        return Answer(404, {}, {"message": "Not Found"})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                fake.requests.append(Seen(self.command, self.path, body,
                                          self.headers.get("Authorization", "")))
                if fake.hang:
                    fake._stop.wait(5)
                    return
                answer = fake._answer(self.command, self.path, body)
                data = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _serve

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

        return Handler
