"""Parse unified diffs (git or plain) into a ChangeSet, with clear errors for bad input."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from unidiff.errors import UnidiffParseError
from unidiff.patch import PatchedFile, PatchSet

from reviewer.diff import paths
from reviewer.diff.model import (
    ChangeSet,
    DiffLine,
    FileChange,
    FileStatus,
    Hunk,
    LineKind,
    Source,
)
from reviewer.errors import DiffError

_KIND = {"+": LineKind.ADDED, "-": LineKind.REMOVED, " ": LineKind.CONTEXT}
_FRIENDLY = {
    "Hunk is shorter than expected":
        "a hunk ends before the line count in its @@ header (is the diff truncated?)",
    "Hunk is longer than expected": "a hunk has more lines than its @@ header says",
}
REPLACEMENT_NOTE = "contains bytes that are not UTF-8; they were replaced with U+FFFD"


def decode(data: bytes) -> tuple[str, bool]:
    """Decode diff bytes as UTF-8, replacing what is not; report whether anything was."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True


def parse_diff(data: bytes | str, source: Source) -> ChangeSet:
    """Parse a whole diff. Raises DiffError (exit 2) for input that is not a usable diff."""
    if isinstance(data, bytes):
        text, replaced = decode(data)
    else:
        text, replaced = data, False
    text = text.replace("\r\n", "\n")
    if not text.strip():
        return ChangeSet(files=(), source=source, notes=("the diff is empty",))
    files: list[FileChange] = []
    for start, section in _sections(text):
        files.extend(_parse_section(section, start, source.label, replaced))
    if not files:
        raise DiffError("this is not a unified diff: no 'diff --git' or '---'/'+++' file "
                        "headers were found", where=source.label)
    return ChangeSet(files=tuple(files), source=source)


def _split_lines(text: str) -> list[str]:
    # str.splitlines would also split on form feeds and other separators inside a line.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line + "\n" for line in lines]


def _sections(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split a git diff at each ``diff --git`` so one file's parse state never leaks."""
    current: list[str] = []
    start = 1
    for number, line in enumerate(_split_lines(text), 1):
        if line.startswith("diff --git ") and current:
            yield start, current
            current, start = [], number
        current.append(line)
    if current:
        yield start, current


class _Counting:
    """Iterates diff lines while remembering how far the parser got, for error messages."""

    def __init__(self, lines: Iterable[str], first_number: int) -> None:
        self._lines = lines
        self.number = first_number - 1
        self.hunk_start: int | None = None

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.number += 1
            if line.startswith("@@"):
                self.hunk_start = self.number
            yield line


def _parse_section(lines: list[str], start: int, label: str, replaced: bool) -> list[FileChange]:
    counting = _Counting(lines, start)
    try:
        patch = PatchSet(counting)
    except UnidiffParseError as exc:
        message = str(exc)
        friendly = _FRIENDLY.get(message)
        line = counting.number
        if friendly is None:
            friendly = "cannot read this as a unified diff: " + message.strip()
        elif counting.hunk_start is not None:
            line = counting.hunk_start  # point at the @@ header whose counts do not add up
        raise DiffError(friendly, where=f"{label}:{line}") from None
    result = []
    for patched in patch:
        where = f"{label}:{start + (patched.diff_line_no or 1) - 1}"
        change = _to_file_change(patched, where)
        if replaced and any("\ufffd" in ln.text for ln in change.lines()):
            change = _with_note(change, REPLACEMENT_NOTE)
        result.append(change)
    return result


def _with_note(change: FileChange, note: str) -> FileChange:
    from dataclasses import replace

    return replace(change, notes=(*change.notes, note))


def _header_paths(patched: PatchedFile) -> tuple[str | None, str | None]:
    old = paths.unquote(patched.source_file or "")
    new = paths.unquote(patched.target_file or "")
    old_path = None if old in ("", paths.DEV_NULL) else paths.strip_prefix(old)
    new_path = None if new in ("", paths.DEV_NULL) else paths.strip_prefix(new)
    return old_path, new_path


def _to_file_change(patched: PatchedFile, where: str) -> FileChange:
    old_path, new_path = _header_paths(patched)
    info = "".join(patched.patch_info or [])
    if old_path is None and new_path is None:
        raise DiffError("a file entry in the diff has no file name", where=where)
    if old_path is not None:
        old_path = paths.checked(old_path, where=where)
    if new_path is not None:
        new_path = paths.checked(new_path, where=where)
    hunks = tuple(_to_hunk(h) for h in patched)
    if new_path is None or "\ndeleted file mode" in "\n" + info:
        status = FileStatus.DELETED
    elif old_path is None or "\nnew file mode" in "\n" + info:
        status = FileStatus.ADDED
    elif old_path != new_path:
        status = FileStatus.RENAMED
    else:
        status = FileStatus.MODIFIED
    path = new_path if new_path is not None else old_path
    assert path is not None
    return FileChange(
        path=path,
        status=status,
        hunks=hunks,
        old_path=old_path if status is FileStatus.RENAMED else None,
        binary=bool(patched.is_binary_file),
        old_mode=patched.source_mode,
        new_mode=patched.target_mode,
    )


def _to_hunk(hunk: object) -> Hunk:
    lines = []
    for raw in hunk:  # type: ignore[attr-defined]
        kind = _KIND.get(raw.line_type)
        if kind is None:
            continue  # "\ No newline at end of file" and trailing blank separators
        text = raw.value
        if text.endswith("\n"):
            text = text[:-1]
        lines.append(DiffLine(kind, text, raw.source_line_no, raw.target_line_no))
    return Hunk(
        old_start=hunk.source_start,  # type: ignore[attr-defined]
        old_length=hunk.source_length,  # type: ignore[attr-defined]
        new_start=hunk.target_start,  # type: ignore[attr-defined]
        new_length=hunk.target_length,  # type: ignore[attr-defined]
        section=(hunk.section_header or "").strip(),  # type: ignore[attr-defined]
        lines=tuple(lines),
    )
