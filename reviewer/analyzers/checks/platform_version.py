"""Major runtime jumps: Node 18 → 20, Python 3.11 → 3.12, Java 17 → 21, in the files that pick
the runtime a service runs on (Dockerfile base images, version files, serverless runtimes).

A patch or minor bump (``node:20.11`` → ``node:20.12``) is routine and not reported. For
Python, Ruby, Go and PHP the second number is the platform release, so it counts as major.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.dockerfile import FROM, parse_image
from reviewer.analyzers.checks.lineviews import code_lines
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine

RUNTIME_IMAGES = frozenset({
    "node", "python", "pypy", "openjdk", "eclipse-temurin", "amazoncorretto", "ibm-semeru-runtimes",
    "sapmachine", "golang", "ruby", "php", "aspnet", "runtime", "sdk", "rust", "elixir", "erlang",
    "perl", "deno", "bun",
})
_TWO_PART = frozenset({"python", "pypy", "ruby", "golang", "go", "php", "perl", "elixir"})
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?")
_VERSION_FILES = {
    ".nvmrc": "node", ".node-version": "node", ".python-version": "python",
    ".ruby-version": "ruby", ".java-version": "java", ".go-version": "go",
}
_RUNTIME_KEY = re.compile(r"(?i)^\s*-?\s*runtime\s*:\s*[\"']?"
                          r"(?P<lang>nodejs|python|java|ruby|dotnet|go)(?P<version>\d+(?:\.\d+)?)")
_TOOL_VERSIONS = re.compile(r"^\s*(?P<tool>nodejs|node|python|ruby|java|golang|php|erlang|elixir)"
                            r"\s+(?:[a-z]+-)?(?P<version>\d[\w.+-]*)")
_RUNTIME_TXT = re.compile(r"^\s*(?P<tool>python|ruby|node)-(?P<version>\d[\w.]*)")


def _major(tool: str, version: str) -> str | None:
    match = _VERSION.match(version.lstrip("vV"))
    if match is None:
        return None
    if tool in _TWO_PART or (tool.startswith("runtime:") and tool[8:] in _TWO_PART):
        return f"{match.group(1)}.{match.group(2) or '0'}"
    return match.group(1)


def _reader(path: str) -> Any:
    name = posixpath.basename(path).lower()
    if name in _VERSION_FILES:
        tool = _VERSION_FILES[name]
        return lambda text: (tool, text.strip()) if text.strip() else None
    if name == ".tool-versions":
        return lambda text: ((m.group("tool").replace("nodejs", "node"), m.group("version"))
                             if (m := _TOOL_VERSIONS.match(text)) else None)
    if name == "runtime.txt":
        return lambda text: ((m.group("tool"), m.group("version"))
                             if (m := _RUNTIME_TXT.match(text)) else None)
    if "dockerfile" in name or name.endswith(".containerfile") or name == "containerfile":
        return _from_image
    return lambda text: ((f"runtime:{m.group('lang').lower()}", m.group("version"))
                         if (m := _RUNTIME_KEY.match(text)) else None)


def _from_image(text: str) -> tuple[str, str] | None:
    match = FROM.match(text)
    if match is None or "$" in match.group("image"):
        return None
    image = parse_image(match.group("image"))
    if image.name not in RUNTIME_IMAGES or not image.tag:
        return None
    tool = "python" if image.name == "pypy" else image.name
    return f"{image.repo}|{tool}", image.tag


def _versions(lines: Iterable[DiffLine], read: Any) -> list[tuple[DiffLine, str, str]]:
    out = []
    for line in code_lines(lines):
        found = read(line.text)
        if found is None:
            continue
        key, version = found
        major = _major(key.rsplit("|", 1)[-1], version)
        if major is not None:
            out.append((line, key, major))
    return out


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    return _hits(ctx)


def _hits(ctx: FileContext) -> Iterator[Hit]:
    read = _reader(ctx.path)
    before = {key: major for _, key, major in _versions(ctx.change.removed_lines(), read)}
    for line, key, major in _versions(ctx.change.added_lines(), read):
        old = before.get(key)
        if old is not None and old != major:
            runtime = key.rsplit("|", 1)[-1].removeprefix("runtime:")
            yield Hit(line.number, line.side, line.text.strip()[:240], anchor=f"platform:{key}",
                      values={"runtime": runtime, "old": old, "new": major})
