"""CODEOWNERS changes that loosen review: ownership removed, owners broadened, sections optional.

In CODEOWNERS any one listed owner may approve, so the direction is the reverse of intuition:
dropping one of two owners narrows who can approve (not a finding), while adding a broad
team (``@org/engineering``) lets almost anyone approve (a finding). A path whose line is
deleted falls back to a broader rule or to no owner at all.

GitLab sections are read too: ``[Backend][2]`` asks for two approvals, ``^[Backend]`` makes
the section optional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine, FileStatus

BROAD_OWNERS = (r"(?i)@[\w.-]+/(?:all|everyone|everybody|engineering|engineers|developers|devs"
                r"|employees|staff|contributors|members|org|company|all-[\w-]+|[\w-]+-all)$")
"""Teams that stand for (nearly) everyone; a rule's ``broad_owners`` option replaces this."""

_SECTION = re.compile(r"^(?P<optional>\^)?\[(?P<name>[^\]]+)\](?:\[(?P<count>\d+)\])?"
                      r"(?P<owners>(?:\s+\S+)*)\s*$")
_CATCH_ALL = frozenset({"*", "**", "/", "/*", "/**"})


class OwnerLine(NamedTuple):
    line: DiffLine
    pattern: str
    """The path pattern, or ``[name]`` for a GitLab section header."""
    owners: frozenset[str]
    approvals: int = 1
    optional: bool = False


def parse_line(line: DiffLine) -> OwnerLine | None:
    text = line.text.split(" #", 1)[0].strip()
    if not text or text.startswith("#"):
        return None
    section = _SECTION.match(text)
    if section:
        owners = frozenset(o.lower() for o in section.group("owners").split())
        return OwnerLine(line, f"[{section.group('name').strip().lower()}]", owners,
                         int(section.group("count") or 1), bool(section.group("optional")))
    pattern, *names = re.split(r"(?<!\\)\s+", text)
    return OwnerLine(line, pattern, frozenset(o.lower() for o in names))


def _owner_lines(lines: Iterable[DiffLine]) -> dict[str, OwnerLine]:
    out: dict[str, OwnerLine] = {}
    for line in lines:
        parsed = parse_line(line)
        if parsed is not None:
            out.setdefault(parsed.pattern, parsed)
    return out


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``broad_owners`` (a regex for owner names that mean nearly everyone)."""
    return _hits(ctx, re.compile(str(options.get("broad_owners", BROAD_OWNERS))))


def _hits(ctx: FileContext, broad: re.Pattern[str]) -> Iterator[Hit]:
    change = ctx.change
    old = _owner_lines(change.removed_lines())
    new = _owner_lines(change.added_lines())
    if change.status is FileStatus.DELETED:
        if old:
            first = min(old.values(), key=lambda o: o.line.number)
            yield _hit(first, f"CODEOWNERS deleted: {len(old)} ownership rule(s) removed",
                       "deleted")
        return
    added_owners = frozenset(o for entry in new.values() for o in entry.owners)
    for pattern, before in old.items():
        after = new.get(pattern)
        if after is None:
            moved = before.owners <= added_owners and pattern not in _CATCH_ALL
            if before.owners and not moved:
                what = ("the catch-all default owners" if pattern in _CATCH_ALL
                        else f"ownership of {pattern}")
                yield _hit(before, f"{what} removed (was {' '.join(sorted(before.owners))})",
                           "removed")
            continue
        yield from _weakened(before, after, broad)
    for pattern, after in new.items():
        if pattern not in old and pattern.startswith("[") and after.optional:
            yield _hit(after, f"section {pattern} is optional: its approval is not required",
                       "optional")


def _weakened(before: OwnerLine, after: OwnerLine, broad: re.Pattern[str]) -> Iterator[Hit]:
    name = before.pattern
    if before.owners and not after.owners and not name.startswith("["):
        yield _hit(after, f"{name} no longer has an owner (was "
                          f"{' '.join(sorted(before.owners))})", "unowned")
    wide = sorted(o for o in after.owners - before.owners if broad.search(o))
    if wide:
        yield _hit(after, f"{name} can now be approved by {', '.join(wide)}", "broadened")
    if after.optional and not before.optional:
        yield _hit(after, f"section {name} made optional: its approval is no longer required",
                   "optional")
    elif after.approvals < before.approvals:
        yield _hit(after, f"section {name} needs {after.approvals} approval(s), was "
                          f"{before.approvals}", "approvals")


def _hit(entry: OwnerLine, detail: str, kind: str) -> Hit:
    line = entry.line
    return Hit(line.number, line.side, line.text.strip()[:240],
               anchor=f"codeowners:{kind}:{entry.pattern}", values={"detail": detail})
