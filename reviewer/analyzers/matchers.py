"""The four built-in ways a rule matches: key changes, lines, file status, Python checks."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from reviewer.analyzers import keypattern, predicates
from reviewer.analyzers.checks import checks
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.ruleset import CompiledMatch as Match
from reviewer.diff.model import DiffLine, FileStatus, LineKind, Side
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange, format_path, format_value

EVIDENCE_LIMIT = 240


@functools.lru_cache(maxsize=4096)
def regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_GLOBAL_FLAGS = re.compile(r"^\(\?([imsx]+)\)")


def scoped(pattern: str) -> str:
    """``(?i)abc`` → ``(?i:abc)``, so patterns with leading flags can be joined."""
    match = _GLOBAL_FLAGS.match(pattern)
    return f"(?{match.group(1)}:{pattern[match.end():]})" if match else f"(?:{pattern})"


@functools.lru_cache(maxsize=4096)
def any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for several: a line is scanned once, not once per pattern."""
    return re.compile("|".join(scoped(p) for p in patterns))


def clip(text: str, limit: int = EVIDENCE_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_conditions_hold(match: Match, ctx: FileContext) -> bool:
    if match.in_scope and ctx.scope not in match.in_scope:
        return False
    if match.when_file_contains and not any(
            regex(p).search(ctx.visible_text) for p in match.when_file_contains):
        return False
    return not any(regex(p).search(ctx.visible_text) for p in match.unless_file_contains)


def key_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    wanted = dict(match.predicates)
    whole_node = predicates.whole_node_only(wanted)
    seen: set[tuple[str, str]] = set()
    unless = regex(match.unless_value) if match.unless_value else None
    compiled = excluded = None
    for change in _passing(ctx, wanted):
        if compiled is None:  # compiling a rule's patterns costs more than most reviews
            compiled = keypattern.compile_patterns(match.key)
            excluded = keypattern.compile_patterns(match.unless_key) if match.unless_key \
                else None
        candidates = [change.path]
        if whole_node and change.subtree is not None:
            candidates += [change.path[:k] for k in range(len(change.path) - 1,
                                                          change.subtree - 1, -1) if k > 0]
        for path in candidates:
            encoded = ctx.encoded_path(path)
            names = keypattern.name_count(path)
            if not keypattern.matches_encoded(compiled, encoded, names, change.partial):
                continue
            if excluded is not None and keypattern.matches_encoded(excluded, encoded, names,
                                                                   change.partial):
                continue
            if (match.parent_kept and change.subtree is not None
                    and len(path) > change.subtree):
                continue  # the whole block holding this key came or went
            if unless is not None and change.new is not ABSENT and unless.search(str(change.new)):
                continue
            display = format_path(path, change.partial) + ("[]" if change.item else "")
            if (display, change.kind.value) in seen:
                break
            seen.add((display, change.kind.value))
            old, new = format_value(change.old), format_value(change.new)
            if path != change.path:
                old = "(block)" if change.kind is ChangeKind.REMOVED else "(absent)"
                new = "(block)" if change.kind is ChangeKind.ADDED else "(absent)"
            text = ctx.line_text(change.side, change.line)
            evidence = clip(text) if text is not None else f"{display}: {old} → {new}"
            yield Hit(change.line, change.side, evidence, anchor=f"{display}|{change.doc}",
                      values={"key": display, "old": old, "new": new},
                      key=display, before=old, after=new)
            break


def _passing(ctx: FileContext, wanted: dict[str, Any]) -> list[KeyChange]:
    """The file's key changes for which ``wanted`` holds. Predicates are checked before key
    patterns (most changes fail them), and many rules state the same predicates, so each
    distinct set is evaluated once per file."""
    signature = "predicates:" + repr(sorted(wanted.items(), key=lambda kv: kv[0]))
    return ctx.memo(signature, lambda c: [ch for ch in c.structured.changes
                                          if predicates.holds(wanted, ch)])


class _Lines(NamedTuple):
    added: tuple[DiffLine, ...]
    removed: tuple[DiffLine, ...]
    added_texts: frozenset[str]
    removed_texts: frozenset[str]


def _lines(ctx: FileContext) -> _Lines:
    added = tuple(ctx.change.added_lines())
    removed = tuple(ctx.change.removed_lines())
    return _Lines(added, removed, frozenset(ln.text.strip() for ln in added),
                  frozenset(ln.text.strip() for ln in removed))


def line_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    lines = ctx.memo("lines", _lines)  # shared by every line rule on the file
    added_texts = removed_texts = frozenset[str]()
    if match.ignore_moved:
        added_texts, removed_texts = lines.added_texts, lines.removed_texts
    unless = any_of(match.unless_line) if match.unless_line else None
    for patterns, kind, moved, candidates in (
            (match.added_lines, LineKind.ADDED, removed_texts, lines.added),
            (match.removed_lines, LineKind.REMOVED, added_texts, lines.removed)):
        if not patterns:
            continue
        compiled = any_of(patterns)
        for ln in candidates:
            found = compiled.search(ln.text)
            if found is None or (unless is not None and unless.search(ln.text)):
                continue
            if ln.text.strip() in moved:
                continue  # the same line moved within the file: not a new state
            yield Hit(ln.number, ln.side, clip(ln.text), anchor=f"{kind.value}{ln.text.strip()}",
                      values={"match": clip(found.group(0), 80), "line_text": clip(ln.text, 120)})


_STATUS = {"added": FileStatus.ADDED, "deleted": FileStatus.DELETED,
           "renamed": FileStatus.RENAMED}


def file_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    change = ctx.change
    wanted = match.file
    if wanted == "mode-changed":
        hit = change.mode_changed
    elif wanted == "any":
        hit = True
    else:
        hit = change.status is _STATUS[str(wanted)]
    if not hit:
        return
    if change.status is FileStatus.DELETED:
        first = next(change.removed_lines(), None)
        line, side = (first.number if first else 1), Side.OLD
    else:
        first = next(change.added_lines(), None) or next(change.lines(), None)
        line, side = (first.number if first else 1), Side.NEW
    status = "mode changed" if wanted == "mode-changed" else change.status.value
    detail = f" ({change.old_mode} → {change.new_mode})" if wanted == "mode-changed" else ""
    yield Hit(line, side, f"file {status}: {change.path}{detail}", anchor=f"file:{status}",
              values={"status": status})


def check_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    check = checks()[str(match.analyzer)]
    yield from check(ctx, match.options)


HIT_FINDERS = {"key": key_hits, "lines": line_hits, "file": file_hits, "analyzer": check_hits}
