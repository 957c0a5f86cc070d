"""Read-only views of the repository at the head revision, for the narrative agent.

Everything is read from git objects at one commit, never from the working tree, so what the
model sees is what the pull request would merge. Whatever the model asks, paths are confined
to the repository: absolute paths, ``..``, symlinks leading out, submodules and oversized
reads are refused, and each refusal is logged and counted for the report. Results are
redacted like the prompt.
"""

from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.diff.git import run_git
from reviewer.errors import GitError
from reviewer.narrative.redaction import Redactor

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024
MAX_LINES = 200
MAX_LINE_CHARS = 400
MAX_SEARCH_HITS = 40
MAX_HISTORY = 10
MAX_CALLS = 24
MAX_SYMLINK_HOPS = 5


class Refusal(Exception):
    """A tool request outside what the tools allow; the message goes back to the model."""


@dataclass
class RepoTools:
    repo: Path
    revision: str
    """A full commit id: the pull request's head."""
    redactor: Redactor
    refusals: list[str] = field(default_factory=list)
    calls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """The agent runs tool calls in parallel threads."""

    def read_file(self, path: str, start_line: int, end_line: int) -> str:
        """Lines ``start_line``..``end_line`` (1-based, inclusive) of a file."""
        def read() -> str:
            if end_line < start_line or start_line < 1:
                raise Refusal("start_line must be at least 1 and not after end_line")
            if end_line - start_line + 1 > MAX_LINES:
                raise Refusal(f"oversized read: at most {MAX_LINES} lines per call")
            clean, kind, size = self._object(path)
            if kind == "tree":
                names = self._git("ls-tree", "--name-only", f"{self.revision}:{clean}")
                return f"{clean}/ is a directory:\n{names.strip()}"
            if size > MAX_FILE_BYTES:
                raise Refusal(f"oversized file: {size} bytes (at most {MAX_FILE_BYTES})")
            data = run_git(self.repo, "cat-file", "blob", f"{self.revision}:{clean}")
            if b"\0" in data[:8192]:
                raise Refusal("binary file")
            lines = data.decode("utf-8", "replace").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            chosen = lines[start_line - 1:end_line]
            if not chosen:
                return f"{clean} has {len(lines)} lines; nothing at {start_line}-{end_line}"
            shown = self.redactor.lines(chosen)
            body = "\n".join(f"{start_line + i}: {text[:MAX_LINE_CHARS]}"
                             for i, text in enumerate(shown))
            last = start_line + len(chosen) - 1
            return f"{clean} lines {start_line}-{last} of {len(lines)}:\n{body}"

        return self._run("read_file", f"{path}:{start_line}-{end_line}", read)

    def search_repository(self, text: str) -> str:
        """Lines containing ``text`` (plain text, not a pattern) anywhere in the repository."""
        def search() -> str:
            if not 2 <= len(text) <= 200 or "\n" in text:
                raise Refusal("search text must be one line of 2 to 200 characters")
            try:
                out = self._git("grep", "-n", "-I", "-F", "--null", "--no-color",
                                f"--max-count={MAX_SEARCH_HITS}", "-e", text, self.revision, "--")
            except GitError:
                return f"no matches for {text!r}"
            hits = []
            for row in out.split("\n")[:MAX_SEARCH_HITS]:
                parts = row.split("\0")
                if len(parts) == 3:
                    where = parts[0].removeprefix(f"{self.revision}:")
                    hits.append(f"{where}:{parts[1]}: "
                                f"{self.redactor.line(parts[2].strip())[:MAX_LINE_CHARS]}")
            more = "\n(more matches not shown)" if len(hits) == MAX_SEARCH_HITS else ""
            return ("\n".join(hits) + more) if hits else f"no matches for {text!r}"

        return self._run("search_repository", text, search)

    def recent_changes(self, path: str) -> str:
        """The last commits that touched ``path``: id, date, author name, subject."""
        def history() -> str:
            clean, _, _ = self._object(path)
            out = self._git("log", f"-n{MAX_HISTORY}", "--date=short",
                            "--format=%h %ad %an: %s", self.revision, "--", clean)
            return self.redactor.text(out.strip()) or f"no history for {clean}"

        return self._run("recent_changes", path, history)

    def _run(self, tool: str, argument: str, action: Callable[[], str]) -> str:
        with self._lock:
            self.calls += 1
            over = self.calls > MAX_CALLS
        try:
            if over:
                raise Refusal(f"tool budget exhausted ({MAX_CALLS} calls)")
            return action()
        except Refusal as exc:
            entry = f"{tool}({argument[:120]!r}): {exc}"
            self.refusals.append(entry)
            log.warning("narrative tool refused %s", entry)
            return f"refused: {exc}"
        except GitError as exc:
            return f"error: {exc}"

    def _object(self, path: str, hops: int = 0) -> tuple[str, str, int]:
        """The checked path and git object type and size of ``path`` at the revision,
        following symlinks that stay inside the repository."""
        clean = confine(path)
        entry = self._git("ls-tree", "--long", self.revision, "--", clean).strip()
        if not entry:
            raise Refusal(f"{clean}: no such file at the head revision")
        meta, _, _ = entry.partition("\t")
        mode, kind, _, size = meta.split()
        if mode == "160000":
            raise Refusal(f"{clean} is a submodule")
        if mode == "120000":
            if hops >= MAX_SYMLINK_HOPS:
                raise Refusal(f"{clean}: too many symlinks")
            target = self._git("cat-file", "blob", f"{self.revision}:{clean}")
            joined = posixpath.join(posixpath.dirname(clean), target.strip())
            target_path = posixpath.normpath(joined)
            if target.startswith("/") or target_path == ".." or target_path.startswith("../"):
                raise Refusal(f"{clean} is a symlink leading out of the repository")
            return self._object(target_path, hops + 1)
        return clean, kind, int(size) if size.isdigit() else 0

    def _git(self, *args: str) -> str:
        return run_git(self.repo, *args).decode("utf-8", "replace")


def confine(path: str) -> str:
    """``path`` as a clean repository-relative path, or a Refusal."""
    if not path or "\0" in path or "\\" in path:
        raise Refusal("not a repository path")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        raise Refusal("absolute paths are outside the repository")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise Refusal("'..' leads outside the repository")
    if not parts:
        raise Refusal("not a repository path")
    return "/".join(parts)
