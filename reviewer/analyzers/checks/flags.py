"""Flags, bits and field numbers that get a new meaning: a name removed whose value or bit
position reappears under a new name in the same change.

Old code (still deployed, or reading old data) keeps the old meaning of the value, so a
reused bit switches the old behaviour on for whoever has the new one, and a reused protobuf
field number makes old readers misread new messages. Three sources: key changes in flag
files (ids and bits under names), constant definitions in code (bit shifts, hex masks, or
ints on flag-like names), and protobuf/thrift field and enum numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import LineKind, Side
from reviewer.structured.model import ChangeKind, KeyChange, KeyPath, format_path

_ID_WORDS = re.compile(r"(?i)(?:^|[_.-])(?:bits?|ids?|mask|position|pos|index|offset|slot|"
                       r"shift|code|number|tag|ordinal)(?:$|[_.-])|bit$|id$")
_FLAG_NAME = re.compile(r"(?i)flag|feature|bit|mask|perm|capabilit|toggle|(?:^|_)ff_|experiment")
_SCHEMA_SUFFIXES = (".proto", ".thrift")
_CONSTANT = re.compile(
    r"^\s*(?:(?:export|public|private|protected|static|final|const|readonly|let|var|pub)\s+)*"
    r"(?:[\w.<>\[\]]+\s+)?(?P<name>[A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?(?:=|:|\()\s*"
    r"(?P<value>1\s*<<\s*\d+|0x[0-9a-fA-F]+|0b[01]+|\d+)\s*\)?\s*[,;]?\s*(?://.*|#.*)?$")
_DEFINE = re.compile(r"^\s*#define\s+(?P<name>\w+)\s+\(?(?P<value>1\s*<<\s*\d+|0x[0-9a-fA-F]+|"
                     r"\d+)\)?\s*(?://.*)?$")
_FIELD = re.compile(
    r"^\s*(?:(?:optional|required|repeated)\s+)?(?:[\w.]+(?:<[\w.,\s]+>)?\s+)?(?P<name>\w+)\s*=\s*"
    r"(?P<value>\d+)\s*(?:\[[^\]]*\])?\s*[;,]?\s*(?://.*)?$")
_THRIFT_FIELD = re.compile(r"^\s*(?P<value>\d+)\s*:\s*(?:optional\s+|required\s+)?[\w.<>, ]+\s+"
                           r"(?P<name>\w+)")


class _Def(NamedTuple):
    name: str
    value: int
    line: int
    side: Side
    block: object
    text: str


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    if ctx.path.lower().endswith(_SCHEMA_SUFFIXES) or _is_code(ctx.path):
        yield from _pairs(_line_definitions(ctx))
        return
    reported = set()
    for hit in _key_pairs(ctx.structured.changes):
        reported.add(hit.line)
        yield hit
    # The same reuse seen as a renamed block (its id unchanged, as context) is one finding.
    for hit in (*_renamed_blocks(ctx), *_renamed_tables(ctx)):
        if hit.line not in reported:
            reported.add(hit.line)
            yield hit


def _is_code(path: str) -> bool:
    return path.lower().endswith((".py", ".go", ".java", ".kt", ".ts", ".js", ".rs", ".c", ".h",
                                  ".cc", ".cpp", ".hpp", ".cs", ".swift", ".rb", ".scala"))


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        shift = re.fullmatch(r"1<<(\d+)", text)
        if shift:
            return 1 << int(shift.group(1))
        try:
            return int(text, 0)
        except ValueError:
            return None
    return None


def _key_pairs(changes: tuple[KeyChange, ...]) -> Iterator[Hit]:
    removed = [c for c in changes if c.kind is ChangeKind.REMOVED and not c.item]
    added = [c for c in changes if c.kind is ChangeKind.ADDED and not c.item]
    for old in removed:
        value = _as_int(old.old)
        if value is None:
            continue
        for new in added:
            if _as_int(new.new) != value or len(new.path) != len(old.path):
                continue
            differing = [i for i, (a, b) in enumerate(zip(old.path, new.path, strict=True))
                         if a != b]
            if len(differing) != 1 or not isinstance(old.path[differing[0]], str):
                continue
            position = differing[0]
            others = [s for i, s in enumerate(old.path) if isinstance(s, str) and i != position]
            if not any(_ID_WORDS.search(s) for s in others):
                continue  # a renamed setting that keeps its number is not a reused id
            was, now = format_path(old.path, old.partial), format_path(new.path, new.partial)
            yield Hit(new.line, new.side, f"{was}: {value} removed; {now}: {value} added",
                      anchor=f"{was}|{now}|{value}",
                      values={"old_name": str(old.path[position]),
                              "new_name": str(new.path[position]), "value": str(value)},
                      key=now, before=was, after=now)


def _line_definitions(ctx: FileContext) -> list[_Def]:
    schema = ctx.path.lower().endswith(_SCHEMA_SUFFIXES)
    out: list[_Def] = []
    for index, hunk in enumerate(ctx.change.hunks):
        for ln in hunk.lines:
            if ln.kind is LineKind.CONTEXT:
                continue
            found = _definition(ln.text, schema)
            if found is not None:
                name, value = found
                out.append(_Def(name, value, ln.number, ln.side, index, ln.text))
    return out


def _definition(text: str, schema: bool) -> tuple[str, int] | None:
    patterns = (_FIELD, _THRIFT_FIELD) if schema else (_CONSTANT, _DEFINE)
    for pattern in patterns:
        found = pattern.match(text)
        if found is None:
            continue
        raw = found.group("value")
        value = _as_int(raw)
        if value is None:
            return None
        name = found.group("name")
        if schema or "<<" in raw or raw.lower().startswith(("0x", "0b")) or \
                _FLAG_NAME.search(name):
            return name, value
        return None
    return None


def _pairs(defs: list[_Def]) -> Iterator[Hit]:
    gone = [d for d in defs if d.side is Side.OLD]
    came = [d for d in defs if d.side is Side.NEW]
    still = {d.name for d in came}
    before = {d.name for d in gone}
    for old in gone:
        if old.name in still:
            continue  # the name survives (its value changed or it moved)
        for new in came:
            if new.value == old.value and new.block == old.block and new.name not in before:
                yield Hit(new.line, Side.NEW, clip(new.text),
                          anchor=f"{old.name}|{new.name}|{old.value}",
                          values={"old_name": old.name, "new_name": new.name,
                                  "value": str(old.value)})
                break


_CHILD = re.compile(r'^\s*"?(?P<name>[\w-]+)"?\s*[:=]\s*(?P<value>\d+|0x[0-9a-fA-F]+)\s*,?\s*$')


class _Block(NamedTuple):
    path: KeyPath
    partial: bool
    line: int
    """The line of the block's key, or of one of its entries when ``header`` is False."""
    header: bool


def _blocks(changes: tuple[KeyChange, ...], kind: ChangeKind) -> dict[KeyPath, _Block]:
    """Blocks that came (or went) whole: an empty-bodied key whose body is all context, or
    the block that entries which came with it name (``subtree``)."""
    out: dict[KeyPath, _Block] = {}
    for change in changes:
        if change.kind is not kind or change.item:
            continue
        if (change.new if kind is ChangeKind.ADDED else change.old) == {}:
            out[change.path] = _Block(change.path, change.partial, change.line, True)
        elif change.subtree is not None and change.subtree < len(change.path):
            path = change.path[:change.subtree]
            if path not in out:
                out[path] = _Block(path, change.partial, change.line, False)
    return out


def _header_line(ctx: FileContext, block: _Block) -> int | None:
    """The new side's line that opens ``block``: the nearest line above an entry of it that
    is indented less."""
    if block.header:
        return block.line
    text = ctx.line_text(Side.NEW, block.line) or ""
    depth = len(text) - len(text.lstrip())
    line = block.line - 1
    while line > 0 and (above := ctx.line_text(Side.NEW, line)) is not None:
        if above.strip() and len(above) - len(above.lstrip()) < depth:
            return line
        line -= 1
    return None


def _renamed_blocks(ctx: FileContext) -> Iterator[Hit]:
    """A bare diff shows a renamed block as its key line changed and its id unchanged (as
    context, among other entries that may have changed too): the id moved to the new name."""
    changes = ctx.structured.changes
    gone = _blocks(changes, ChangeKind.REMOVED)
    came = _blocks(changes, ChangeKind.ADDED)
    if not gone or not came:
        return
    context = {ln.new_no for ln in ctx.change.lines() if ln.kind is LineKind.CONTEXT}
    for old in gone.values():
        for new in came.values():
            if len(new.path) != len(old.path) or new.path[:-1] != old.path[:-1]:
                continue
            header = _header_line(ctx, new)
            if header is None:
                continue
            found = _unchanged_id(ctx, header, context)
            if found is None:
                continue
            line, name, value = found
            was, now = format_path(old.path, old.partial), format_path(new.path, new.partial)
            yield Hit(line, Side.NEW, f"{was} → {now}, {name}: {value}",
                      anchor=f"{was}|{now}|{value}",
                      values={"old_name": str(old.path[-1]), "new_name": str(new.path[-1]),
                              "value": str(value)},
                      key=now, before=was, after=now)


def _unchanged_id(ctx: FileContext, header: int, context: set[int | None]
                  ) -> tuple[int, str, int] | None:
    """The first id-like entry of the block opened at ``header`` that the change left alone."""
    opener = ctx.line_text(Side.NEW, header) or ""
    depth = len(opener) - len(opener.lstrip())
    line = header + 1
    while (text := ctx.line_text(Side.NEW, line)) is not None and (
            not text.strip() or len(text) - len(text.lstrip()) > depth):
        child = _CHILD.match(text)
        if child is not None and line in context and _ID_WORDS.search(child.group("name")):
            return line, child.group("name"), int(child.group("value"), 0)
        line += 1
    return None


_TABLE = re.compile(r"^\s*\[(?P<path>[^\[\]]+)\]\s*(?:[#;].*)?$")


def _renamed_tables(ctx: FileContext) -> Iterator[Hit]:
    """TOML and INI: a bare diff shows a renamed table as its header line changed, with the
    table's id below it as context, and the key-level view then sees no key at all."""
    for hunk in ctx.change.hunks:
        gone = [ln for ln in hunk.lines if ln.kind is LineKind.REMOVED and _TABLE.match(ln.text)]
        came = [ln for ln in hunk.lines if ln.kind is LineKind.ADDED and _TABLE.match(ln.text)]
        if len(gone) != 1 or len(came) != 1 or came[0].new_no is None:
            continue
        was = _table(gone[0].text)
        now = _table(came[0].text)
        if was == now or was.rpartition(".")[0] != now.rpartition(".")[0]:
            continue
        context = {ln.new_no for ln in hunk.lines if ln.kind is LineKind.CONTEXT}
        line = came[0].new_no + 1
        while (text := ctx.line_text(Side.NEW, line)) is not None and not _TABLE.match(text):
            child = _CHILD.match(text)
            if child is not None and line in context and _ID_WORDS.search(child.group("name")):
                value = int(child.group("value"), 0)
                yield Hit(line, Side.NEW, f"{was} → {now}, {child.group('name')}: {value}",
                          anchor=f"{was}|{now}|{value}",
                          values={"old_name": was.rpartition(".")[2],
                                  "new_name": now.rpartition(".")[2], "value": str(value)},
                          key=now, before=was, after=now)
                break
            line += 1


def _table(header: str) -> str:
    found = _TABLE.match(header)
    return found.group("path").strip().strip('"') if found else ""
