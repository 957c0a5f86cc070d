"""The block of text around a hit: the security-group rule, policy statement or mapping a
changed key sits in, so a rule can ask about its siblings (``from_port = 22``, ``Effect: Deny``).

Blocks are found on the text of the hit's side: the whole file when it is known, otherwise the
lines the diff shows. Braces delimit blocks in HCL and JSON (heredoc JSON included),
indentation in YAML. Where the diff does not show the opener or the closer, the block ends at
the edge of what is shown: a rule sees what a reviewer of the diff would see.
"""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.diff.model import FileChange, LineKind, Side
from reviewer.structured.formats import Format, format_of

SideLines = Mapping[int, str]


def side_lines(change: FileChange, side: Side) -> SideLines:
    """Line number → text for one side: the whole file if known, else what the diff shows."""
    whole = change.after if side is Side.NEW else change.before
    if whole is not None:
        return dict(enumerate(whole.split("\n"), 1))
    hidden = LineKind.REMOVED if side is Side.NEW else LineKind.ADDED
    out: dict[int, str] = {}
    for ln in change.lines():
        number = ln.new_no if side is Side.NEW else ln.old_no
        if ln.kind is not hidden and number is not None:
            out[number] = ln.text
    return out


def block_text(path: str, lines: SideLines, line: int, levels: int = 1) -> str:
    """The text of the ``levels``-th block enclosing ``line`` (1: the innermost)."""
    if line not in lines:
        return ""
    if format_of(path) is Format.YAML:
        first, last = _indented_block(lines, line, levels)
    else:
        first, last = _braced_block(lines, line, levels)
    return "\n".join(lines[n] for n in range(first, last + 1))


def _run_bounds(lines: SideLines, line: int) -> tuple[int, int]:
    """The contiguous stretch of known lines around ``line``."""
    first = last = line
    while first - 1 in lines:
        first -= 1
    while last + 1 in lines:
        last += 1
    return first, last


def _braces(text: str) -> list[tuple[int, str]]:
    """Positions of braces outside double-quoted strings."""
    out = []
    quoted = False
    escaped = False
    for column, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif not quoted and ch in "{}":
            out.append((column, ch))
    return out


def _braced_block(lines: SideLines, line: int, levels: int) -> tuple[int, int]:
    top, bottom = _run_bounds(lines, line)
    marks = [(n, c, ch) for n in range(top, bottom + 1) for c, ch in _braces(lines[n])]
    # Start just before the hit line's own braces: a block the hit line opens is inside it.
    position = next((i for i, (n, _, _) in enumerate(marks) if n >= line), len(marks))
    opener = position
    for level in range(levels):
        found = _opener_before(marks, opener)
        if found < 0 and level > 0 and top == 1:
            break  # nothing encloses the last block found: it is the file's outermost
        opener = found
        if opener < 0:
            break
    first = marks[opener][0] if opener >= 0 else top
    depth = 0
    for n, _, ch in marks[max(opener + 1, 0):]:
        if ch == "{":
            depth += 1
        elif depth == 0:
            return first, n
        else:
            depth -= 1
    return first, bottom


def _opener_before(marks: list[tuple[int, int, str]], position: int) -> int:
    """Index of the unmatched ``{`` before ``position`` in ``marks``, or -1."""
    depth = 0
    index = position - 1
    while index >= 0:
        if marks[index][2] == "}":
            depth += 1
        elif depth == 0:
            return index
        else:
            depth -= 1
        index -= 1
    return -1


def _indent(text: str) -> int | None:
    """Indentation of a line's content; None for blank and comment lines."""
    body = text.lstrip(" ")
    if not body or body.startswith("#"):
        return None
    return len(text) - len(body)


def _key_indent(text: str) -> int | None:
    """Where a line's key starts: after ``- `` for a list item."""
    indent = _indent(text)
    if indent is None:
        return None
    body = text[indent:]
    while body.startswith("- "):
        indent += 2 + len(body[2:]) - len(body[2:].lstrip(" "))
        body = body[2:].lstrip(" ")
    return indent


def _indented_block(lines: SideLines, line: int, levels: int) -> tuple[int, int]:
    top, bottom = _run_bounds(lines, line)
    inner = _key_indent(lines[line])
    first = line
    if inner is None:
        return line, line
    for level in range(levels):
        n = first - 1
        while n >= top:
            indent = _indent(lines[n])
            if indent is not None and indent < inner:
                break
            n -= 1
        if n < top:
            # A view that starts inside the block shows what it can; at the top of the
            # file, the last block found is the outermost one.
            if level == 0 or top > 1:
                first, inner = top, 0
            break
        first = n
        inner = _indent(lines[n]) or 0
    last = line
    for n in range(line + 1, bottom + 1):
        indent = _indent(lines[n])
        if indent is not None and indent <= inner:
            break
        if indent is not None:
            last = n
    return first, last
