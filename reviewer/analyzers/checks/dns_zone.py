"""DNS zone files (BIND syntax): records removed, delegation and mail routing changed, TTLs
raised.

Records are compared by owner and type across the removed and added lines, so a record whose
value changed is a change, not a removal. Options: ``kind`` is ``removed`` (a name/type
gone entirely), ``delegation`` (NS or MX records changed or removed) or ``ttl`` (a TTL
raised ``factor`` times, default 10).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import LineKind, Side

_TYPES = ("A|AAAA|CNAME|MX|NS|TXT|SRV|CAA|PTR|ALIAS|ANAME|DS|DNSKEY|TLSA|NAPTR|SPF|HTTPS|SVCB")
_RECORD = re.compile(
    rf"^(?P<owner>[^\s;]+)?\s+(?:(?P<ttl>\d+[smhdwSMHDW]?)\s+)?(?:(?:IN|CH|HS)\s+)?"
    rf"(?:(?P<ttl2>\d+[smhdwSMHDW]?)\s+)?(?P<type>{_TYPES})\s+(?P<rdata>[^;]*?)\s*(?:;.*)?$")
_DIRECTIVE_TTL = re.compile(r"^\$TTL\s+(?P<ttl>\d+[smhdwSMHDW]?)")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


class _Record(NamedTuple):
    owner: str
    type: str
    ttl: int | None
    rdata: str
    line: int
    side: Side
    text: str


def _seconds(text: str | None) -> int | None:
    if not text:
        return None
    unit = text[-1].lower()
    return int(text[:-1]) * _UNITS[unit] if unit in _UNITS else int(text)


def _records(ctx: FileContext) -> tuple[list[_Record], list[_Record], list[tuple[int, int, int]]]:
    """Removed and added records, and ``$TTL`` changes as (old, new, new line)."""
    removed: list[_Record] = []
    added: list[_Record] = []
    ttls: dict[Side, tuple[int, int]] = {}
    for hunk in ctx.change.hunks:
        owner = "@"
        for ln in hunk.lines:
            directive = _DIRECTIVE_TTL.match(ln.text)
            if directive is not None and ln.kind is not LineKind.CONTEXT:
                ttls[ln.side] = (_seconds(directive.group("ttl")) or 0, ln.number)
                continue
            found = _RECORD.match(ln.text)
            if found is None:
                continue
            if found.group("owner"):
                owner = found.group("owner").lower()
            if ln.kind is LineKind.CONTEXT:
                continue
            record = _Record(owner, found.group("type").upper(),
                             _seconds(found.group("ttl") or found.group("ttl2")),
                             " ".join(found.group("rdata").split()).lower(), ln.number, ln.side,
                             ln.text)
            (removed if ln.kind is LineKind.REMOVED else added).append(record)
    directive_changes = []
    if Side.OLD in ttls and Side.NEW in ttls:
        directive_changes.append((ttls[Side.OLD][0], ttls[Side.NEW][0], ttls[Side.NEW][1]))
    return removed, added, directive_changes


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    removed, added, directives = ctx.memo("dns-records", _records)
    kind = options.get("kind", "removed")
    if kind == "removed":
        still = {(r.owner, r.type) for r in added}
        for record in removed:
            if (record.owner, record.type) not in still and record.type not in ("NS", "MX"):
                yield _hit(record, f"{record.owner} {record.type}", "removed")
    elif kind == "delegation":
        before = {(r.owner, r.type, r.rdata) for r in removed}
        after = {(r.owner, r.type, r.rdata) for r in added}
        for record in removed + added:
            if record.type in ("NS", "MX"):
                key = (record.owner, record.type, record.rdata)
                if (record.side is Side.OLD and key not in after) or \
                        (record.side is Side.NEW and key not in before):
                    verb = "removed" if record.side is Side.OLD else "added"
                    yield _hit(record, f"{record.owner} {record.type} {record.rdata}", verb)
    elif kind == "ttl":
        factor = float(options.get("factor", 10))
        old_ttl = {(r.owner, r.type): r.ttl for r in removed if r.ttl}
        for record in added:
            was = old_ttl.get((record.owner, record.type))
            if was and record.ttl and record.ttl >= was * factor:
                yield _hit(record, f"{record.owner} {record.type} TTL {was}s → {record.ttl}s",
                           "ttl")
        for was, now, line in directives:
            if was and now >= was * factor:
                text = ctx.line_text(Side.NEW, line) or "$TTL"
                yield Hit(line, Side.NEW, clip(text), anchor=f"ttl|$TTL|{now}",
                          values={"what": f"$TTL {was}s → {now}s"})


def _hit(record: _Record, what: str, verb: str) -> Hit:
    return Hit(record.line, record.side, clip(record.text),
               anchor=f"{verb}|{record.owner}|{record.type}|{record.rdata}",
               values={"what": what})
