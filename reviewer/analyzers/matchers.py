"""The four built-in ways a rule matches: key changes, lines, file status, Python checks."""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from reviewer.analyzers import enclosing, keypattern, literals, predicates
from reviewer.analyzers.checks import checks
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.neighbours import line_form, terraform_moves
from reviewer.analyzers.ruleset import CompiledMatch as Match
from reviewer.diff.model import DiffLine, FileStatus, LineKind, Side
from reviewer.pathglob import name_matches
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


def status_conditions_hold(match: Match, ctx: FileContext) -> bool:
    """The conditions on the file's status and scope (cheap: no text is read)."""
    if not match.new_files and ctx.change.status is FileStatus.ADDED:
        return False
    return not (match.when_scope and ctx.scope.value not in match.when_scope)


def text_conditions_hold(match: Match, ctx: FileContext) -> bool:
    """``when_file_contains`` / ``unless_file_contains`` on the file's visible text."""
    if match.when_file_contains and not _file_contains(ctx, match.when_file_contains):
        return False
    return not (match.unless_file_contains and _file_contains(ctx, match.unless_file_contains))


def _file_contains(ctx: FileContext, patterns: tuple[str, ...]) -> bool:
    """Whether the file's text matches one of ``patterns``; once per file and pattern list,
    since many rules ask the same of the same file."""
    known: dict[tuple[str, ...], bool] = ctx.memo("file contains", lambda c: {})
    found = known.get(patterns)
    if found is None:
        lowered, ascii_text = ctx.memo("lowered text", _lowered_text)
        found = known[patterns] = literals.may_match(
            literals.required(patterns), lowered, ascii_text) and \
            any_of(patterns).search(ctx.visible_text) is not None
    return found


def _lowered_text(ctx: FileContext) -> tuple[str, bool]:
    text = ctx.visible_text
    return text.lower(), text.isascii()


class _Blocks:
    """The block conditions of one match on one file; each side's lines are read once."""

    def __init__(self, match: Match, ctx: FileContext) -> None:
        self.match = match
        self.ctx = ctx
        self.sides: dict[Side, enclosing.SideLines] = {}

    def hold(self, side: Side, line: int) -> bool:
        match = self.match
        if not (match.when_block_contains or match.unless_block_contains):
            return True
        if side not in self.sides:
            self.sides[side] = enclosing.side_lines(self.ctx.change, side)
        text = enclosing.block_text(self.ctx.path, self.sides[side], line, match.block_levels)
        if match.when_block_contains and not any_of(match.when_block_contains).search(text):
            return False
        return not (match.unless_block_contains
                    and any_of(match.unless_block_contains).search(text))


class _Finals(NamedTuple):
    """The names a match's last key can have: exact ones, and ones with ``*`` wildcards."""

    exact: frozenset[str]
    wild: tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def _final_names(patterns: tuple[str, ...]) -> _Finals | None:
    """What the patterns' last key can be called, or None when one of them ends in ``*`` or
    ``**`` (or uses ``?``) and any name may do."""
    exact: set[str] = set()
    wild: list[str] = []
    for pattern in patterns:
        tokens = [t for t in keypattern.parse_pattern(pattern) if t.kind != "index"]
        if not tokens or tokens[-1].kind != "name" or "?" in tokens[-1].text:
            return None
        name = tokens[-1].text
        if "*" in name:
            wild.append(name)
        else:
            exact.add(name)
    return _Finals(frozenset(exact), tuple(wild))


class _NameIndex:
    """Positions of one file's key changes by the name of their last key, and by every name
    on their path (for whole blocks, which may match on an ancestor)."""

    def __init__(self, changes: tuple[KeyChange, ...]) -> None:
        self.changes = changes
        self.last: dict[str, list[int]] = {}
        self.anywhere: dict[str, list[int]] = {}
        self._wild: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        for position, change in enumerate(changes):
            names = [keypattern.normalize(seg) for seg in change.path if isinstance(seg, str)]
            if names:
                self.last.setdefault(names[-1], []).append(position)
            for name in set(names):
                self.anywhere.setdefault(name, []).append(position)

    def select(self, finals: _Finals, whole_node: bool) -> list[KeyChange]:
        table = self.anywhere if whole_node else self.last
        names: Iterable[str] = finals.exact
        if finals.wild:
            # The file's distinct names are few; each wildcard is tried on each name once.
            found = self._wild.get((finals.wild, whole_node))
            if found is None:
                found = self._wild[(finals.wild, whole_node)] = [
                    name for name in table if any(name_matches(w, name) for w in finals.wild)]
            names = [*finals.exact, *found]
        positions = sorted({p for name in names for p in table.get(name, ())})
        return [self.changes[p] for p in positions]


_LAST_INDEX: list[_NameIndex] = []


def _index(ctx: FileContext) -> _NameIndex:
    changes = ctx.structured.changes
    if not _LAST_INDEX or _LAST_INDEX[0].changes is not changes:
        _LAST_INDEX[:] = [_NameIndex(changes)]  # files are analyzed one after another
    return _LAST_INDEX[0]


def _candidates(ctx: FileContext, finals: _Finals | None,
                whole_node: bool) -> Sequence[KeyChange]:
    """The changes a match needs to look at. With dozens of rules per file, picking them by
    key name saves evaluating every rule's predicates on every change."""
    if finals is None:
        return ctx.structured.changes
    return _index(ctx).select(finals, whole_node)


class _KeyPlan(NamedTuple):
    """What a key match needs on every file, worked out once per match."""

    passes: Callable[[KeyChange], bool]
    whole_node: bool
    finals: _Finals | None
    parent_kept_block: bool


_PLANS: weakref.WeakKeyDictionary[Match, _KeyPlan] = weakref.WeakKeyDictionary()
_BY_SIGNATURE: dict[str, Callable[[KeyChange], bool]] = {}


def _plan(match: Match) -> _KeyPlan:
    """The match's plan; its predicate function is shared by matches stating the same
    predicates, so a file can remember answers per function."""
    plan = _PLANS.get(match)
    if plan is None:
        signature = repr(sorted(match.predicates.items()))
        check = _BY_SIGNATURE.get(signature)
        if check is None:
            check = _BY_SIGNATURE[signature] = predicates.compiled(match.predicates)
        plan = _PLANS[match] = _KeyPlan(
            check, predicates.whole_node_only(dict(match.predicates)),
            _final_names(match.key), match.predicates.get("parent_kept") is True)
    return plan


def key_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    plan = _plan(match)
    changes = _candidates(ctx, plan.finals, plan.whole_node)
    if not changes:
        return  # most key rules, on most files: no key of theirs changed
    passes, whole_node = plan.passes, plan.whole_node
    seen: set[tuple[str, str]] = set()
    unless = regex(match.unless_value) if match.unless_value else None
    compiled: keypattern.Compiled | None = None  # compiled on first need: most rules never are
    excluded: keypattern.Compiled | None = None
    blocks = _Blocks(match, ctx)
    for change in _passing(ctx, passes, changes, plan.finals is None):
        candidates = [change.path]
        if whole_node and change.subtree is not None:
            candidates += [change.path[:k] for k in range(len(change.path) - 1,
                                                          change.subtree - 1, -1) if k > 0]
        if compiled is None:
            compiled = keypattern.compile_patterns(match.key)
            if match.unless_key:
                excluded = keypattern.compile_patterns(match.unless_key)
        for path in candidates:
            encoded = ctx.encoded_path(path)
            names = keypattern.name_count(path)
            if not keypattern.matches_encoded(compiled, encoded, names, change.partial):
                continue
            if excluded is not None and keypattern.matches_encoded(excluded, encoded, names,
                                                                   change.partial):
                continue
            if (plan.parent_kept_block and change.subtree is not None
                    and len(path) > change.subtree):
                continue  # the block holding this key came or went with it
            if unless is not None and change.new is not ABSENT and unless.search(str(change.new)):
                continue
            # A Terraform resource moved to a new address (a moved block, or its block moved
            # to another file of the module) leaves every key behind: gone is not gone.
            if (match.unless_moved or (change.new is ABSENT and ctx.path.endswith(".tf"))) \
                    and _moved_away(ctx, change.path):
                break
            if not blocks.hold(change.side, change.line):
                break
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


def _passing(ctx: FileContext, passes: Callable[[KeyChange], bool],
             changes: Sequence[KeyChange], every: bool) -> list[KeyChange]:
    """The changes that satisfy the predicates. Matches that state the same predicates share
    one function, so its answers are kept per file: for ``every`` change (a match on any
    key) as one list, otherwise per change."""
    if every:
        lists: dict[int, list[KeyChange]] = ctx.memo("passing changes", lambda c: {})
        found = lists.get(id(passes))
        if found is None:
            found = lists[id(passes)] = [change for change in changes if passes(change)]
        return found
    answers: dict[tuple[int, int], bool] = ctx.memo("predicate answers", lambda c: {})
    out = []
    for change in changes:
        key = (id(passes), id(change))
        ok = answers.get(key)
        if ok is None:
            ok = answers[key] = passes(change)
        if ok:
            out.append(change)
    return out


def _moved_away(ctx: FileContext, path: tuple[str | int | None, ...]) -> bool:
    """Whether a Terraform ``moved`` block in the file, or in another changed file of its
    module, moves the resource (or module) that holds ``path`` to another address, or another
    changed file of the module now declares it (the block moved between files)."""
    moved: frozenset[str] = ctx.memo("terraform moved", lambda c: terraform_moves(
        c.visible_text) | (c.neighbours.terraform_moved_near(c.path) if c.neighbours else
                           frozenset()))
    if not moved or len(path) < 2 or not all(isinstance(s, str) for s in path[:3]):
        return False
    kind = path[0]
    if kind == "module":
        address = f"module.{path[1]}"
    elif kind in ("resource", "data") and len(path) >= 3:
        address = f"{'data.' if kind == 'data' else ''}{path[1]}.{path[2]}"
    else:
        return False
    return address in moved


class _Side(NamedTuple):
    lines: tuple[DiffLine, ...]
    lowered: str
    """Every line, lower-cased and joined: a rule none of whose literals is in it is not run
    line by line."""
    ascii_text: bool


class _Lines(NamedTuple):
    added: _Side
    removed: _Side
    added_texts: frozenset[str]
    removed_texts: frozenset[str]


def _side(ctx: FileContext, kind: LineKind, lines: tuple[DiffLine, ...]) -> _Side:
    return _Side(lines, ctx.joined(kind, lowered=True), ctx.joined(kind).isascii())


def _lines(ctx: FileContext) -> _Lines:
    added = tuple(ctx.change.added_lines())
    removed = tuple(ctx.change.removed_lines())
    return _Lines(_side(ctx, LineKind.ADDED, added), _side(ctx, LineKind.REMOVED, removed),
                  frozenset(line_form(ln.text) for ln in added),
                  frozenset(line_form(ln.text) for ln in removed))


def line_hits(match: Match, ctx: FileContext) -> Iterator[Hit]:
    lines = ctx.memo("lines", _lines)  # shared by every line rule on the file
    added_texts = removed_texts = frozenset[str]()
    if match.ignore_moved:
        added_texts, removed_texts = lines.added_texts, lines.removed_texts
    unless = any_of(match.unless_line) if match.unless_line else None
    blocks = _Blocks(match, ctx)
    for patterns, kind, moved, candidates in (
            (match.added_lines, LineKind.ADDED, removed_texts, lines.added),
            (match.removed_lines, LineKind.REMOVED, added_texts, lines.removed)):
        if not patterns or not literals.may_match(literals.required(patterns),
                                                  candidates.lowered, candidates.ascii_text):
            continue
        compiled = any_of(patterns)
        for ln in candidates.lines:
            found = compiled.search(ln.text)
            if found is None or (unless is not None and unless.search(ln.text)):
                continue
            if line_form(ln.text) in moved:
                continue  # the same line moved within the file: not a new state
            if not blocks.hold(ln.side, ln.number):
                continue
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
