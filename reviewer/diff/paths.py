"""File paths as they appear in diff headers: unquoting, prefix stripping, safety checks."""

from __future__ import annotations

import posixpath
import re

from reviewer.errors import DiffError

DEV_NULL = "/dev/null"
_GIT_PREFIX = re.compile(r"^[abciow12]/")
_OCTAL = re.compile(rb"\\([0-7]{3})")
_SIMPLE_ESCAPES = {b"\\n": b"\n", b"\\t": b"\t", b'\\"': b'"', b"\\\\": b"\\",
                   b"\\a": b"\a", b"\\b": b"\b", b"\\f": b"\f", b"\\r": b"\r", b"\\v": b"\v"}
_ESCAPE = re.compile(rb'\\([0-7]{3}|[ntab"\\frv])')


def unquote(path: str) -> str:
    """Undo git's C-style quoting of unusual file names (``"a/caf\\303\\251.txt"``)."""
    if len(path) < 2 or not (path.startswith('"') and path.endswith('"')):
        return path
    raw = path[1:-1].encode("utf-8", "surrogateescape")

    def _sub(match: re.Match[bytes]) -> bytes:
        token = match.group(0)
        if token in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[token]
        return bytes([int(match.group(1), 8)])

    return _ESCAPE.sub(_sub, raw).decode("utf-8", "replace")


def strip_prefix(path: str) -> str:
    """Remove git's ``a/`` / ``b/`` (or mnemonic) prefix."""
    return _GIT_PREFIX.sub("", path, count=1)


def checked(path: str, *, where: str) -> str:
    """Return a normalized repository-relative path, or raise for paths that escape the repo."""
    if "\x00" in path:
        raise DiffError("a file path in the diff contains a NUL byte", where=where)
    if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path):
        raise DiffError(f"the diff names an absolute path ({path!r}); "
                        "only paths inside the repository can be reviewed", where=where)
    parts = path.replace("\\", "/").split("/")
    if ".." in parts:
        raise DiffError(f"the diff names a path outside the repository ({path!r})", where=where)
    normalized = posixpath.normpath(path.replace("\\", "/"))
    return normalized
