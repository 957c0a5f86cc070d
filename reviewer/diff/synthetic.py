"""Changes built from before/after text, as git would show them: rule examples, tests, evals."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace

from reviewer.diff.model import ChangeSet, Source, SourceMode
from reviewer.diff.parse import parse_diff

_FUNCNAME = re.compile(r"^[A-Za-z$_]")
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def unified_diff(path: str, before: str | None, after: str | None, context: int = 3) -> str:
    """A git-style diff of one file, including git's default hunk context line."""
    old_lines = (before or "").splitlines(keepends=True)
    new_lines = (after or "").splitlines(keepends=True)
    old_lines = [ln if ln.endswith("\n") else ln + "\n" for ln in old_lines]
    new_lines = [ln if ln.endswith("\n") else ln + "\n" for ln in new_lines]
    header = [f"diff --git a/{path} b/{path}\n"]
    if before is None:
        header.append("new file mode 100644\n")
    elif after is None:
        header.append("deleted file mode 100644\n")
    body = list(difflib.unified_diff(old_lines, new_lines,
                                     "/dev/null" if before is None else f"a/{path}",
                                     "/dev/null" if after is None else f"b/{path}", n=context))
    if not body:
        return ""
    out = header + [line.replace("\t", "") if line.startswith(("---", "+++")) else line
                    for line in body[:2]]
    for line in body[2:]:
        match = _HUNK.match(line)
        if match:
            start = int(match.group(1))
            funcname = next((old_lines[i].rstrip("\n") for i in range(start - 2, -1, -1)
                             if _FUNCNAME.match(old_lines[i])), "")
            line = match.group(0) + (f" {funcname[:80]}" if funcname else "") + "\n"
        out.append(line)
    return "".join(out)


def changeset(files: Sequence[tuple[str, str | None, str | None]], *,
              git: bool = False) -> ChangeSet:
    """A ChangeSet for ``(path, before, after)`` triples; ``git`` also attaches whole texts."""
    text = "".join(unified_diff(path, before, after) for path, before, after in files)
    mode = SourceMode.GIT if git else SourceMode.DIFF
    source = Source(mode, "example", base="base" if git else None, head="head" if git else None)
    parsed = parse_diff(text, source) if text else ChangeSet((), source)
    if not git:
        return parsed
    texts = {path: (before, after) for path, before, after in files}
    return replace(parsed, files=tuple(
        replace(f, before=texts[f.path][0], after=texts[f.path][1]) if f.path in texts else f
        for f in parsed.files))
