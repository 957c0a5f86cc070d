"""A scripted OpenAI-compatible endpoint on 127.0.0.1 for tests of the real HTTP path.

It answers POST /v1/chat/completions with the replies it was given, in order, and records
every request body (as bytes and as JSON) with the time it arrived. Nothing leaves the
machine; a reply marked ``hang`` never answers (until the server stops, at most HANG_LIMIT s).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

HANG_LIMIT = 20.0


class Reply(NamedTuple):
    status: int = 200
    body: Any = None
    """A dict (sent as JSON), str or bytes (sent as is)."""
    headers: dict[str, str] | None = None
    hang: bool = False


class Seen(NamedTuple):
    at: float
    raw: bytes
    json: Any


def completion(content: str | None = None, *, tool_calls: Sequence[dict[str, Any]] = (),
               refusal: str | None = None, usage: tuple[int, int] = (900, 120)) -> dict[str, Any]:
    """A chat.completion body as OpenAI's API sends it."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_calls:
        message["tool_calls"] = [
            {"id": f"call_{i}", "type": "function",
             "function": {"name": call["name"], "arguments": json.dumps(call["args"])}}
            for i, call in enumerate(tool_calls)]
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 1_700_000_000,
            "model": "test-model",
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if tool_calls else "stop"}],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1],
                      "total_tokens": sum(usage)}}


def answer(**fields: Any) -> str:
    """A valid narrative answer as JSON text; ``fields`` override the defaults."""
    data: dict[str, Any] = {
        "summary": "Cuts checkout replicas in production.",
        "blast_radius": "All checkout traffic in production.",
        "concerns": [], "questions": [], "pre_merge_checks": [], "post_merge_checks": []}
    data.update(fields)
    return json.dumps(data)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"error": {"message": message, "type": "test_error"}}, headers)


class LLMServer:
    def __init__(self, replies: Sequence[Reply] | Callable[[Any], Reply]) -> None:
        self._script = replies if callable(replies) else list(replies)
        self.seen: list[Seen] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                with server._lock:
                    server.seen.append(Seen(time.monotonic(), raw, body))
                    reply = server._next(body)
                if reply.hang:
                    server._stop.wait(HANG_LIMIT)
                    return
                payload = reply.body
                if isinstance(payload, (dict, list)):
                    data = json.dumps(payload).encode()
                    kind = "application/json"
                else:
                    data = payload.encode() if isinstance(payload, str) else bytes(payload or b"")
                    kind = "text/html" if data.lstrip().startswith(b"<") else "application/json"
                self.send_response(reply.status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(data)))
                for name, value in (reply.headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_port}/v1"

    def _next(self, body: Any) -> Reply:
        if callable(self._script):
            return self._script(body)
        if not self._script:
            return error(500, "the test server has no scripted reply left")
        return self._script.pop(0)

    @property
    def bodies(self) -> list[Any]:
        return [s.json for s in self.seen]

    def all_text(self) -> str:
        """Every byte the server received, decoded: for asserting what never reached it."""
        return "\n".join(s.raw.decode("utf-8", "replace") for s in self.seen)

    def start(self) -> LLMServer:
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving(replies: Sequence[Reply] | Callable[[Any], Reply]) -> Iterator[LLMServer]:
    server = LLMServer(replies).start()
    try:
        yield server
    finally:
        server.stop()
