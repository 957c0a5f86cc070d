"""Routing policy terms that now accept everything: a Junos term (or policy) that says
``then accept`` with no ``from`` conditions, or a Cisco/FRR ``route-map ... permit`` entry
with no ``match`` clause. Either accepts every route a neighbour sends (or every route we
announce), which is how a route leak starts.

Only terms whose whole text is visible are judged: a term cut off by the edge of a hunk may
have its conditions outside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.migration_ops import new_side
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import Side

_OPEN = re.compile(r"^\s*(?P<kind>policy-statement|term)\s+(?P<name>\S+)\s*\{")
_FROM = re.compile(r"^\s*from\b")
_ACCEPT = re.compile(r"^\s*(?:then\s+)?accept\s*;")
_SET = re.compile(r"^\s*set\s+policy-options\s+policy-statement\s+(?P<policy>\S+)"
                  r"(?:\s+term\s+(?P<term>\S+))?\s+(?P<part>from|then)\b(?P<rest>.*)$")
_ROUTE_MAP = re.compile(r"^route-map\s+(?P<name>\S+)\s+permit\b(?:\s+(?P<seq>\d+))?")
_MATCH = re.compile(r"^\s+match\s+\S")
# Junos chains (import [ a b ]), and BIRD channels (import filter NAME; import all): BIRD's
# import limit and import keep filtered are not filters.
_CHAIN = re.compile(r"^\s*(?:set\s+.*\s)?(?P<dir>import|export)\s+(?!limit\b|keep\b|table\b)"
                    r"(?:filter\s+)?(?P<chain>\[[^\]]*\]|[\w-]+)")


class _Term(NamedTuple):
    name: str
    first: int
    last: int
    accept: int | None
    conditions: bool


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Options: ``kind: dropped-filters`` reports import/export policy chains that lost a
    policy instead of open terms."""
    if options.get("kind") == "dropped-filters":
        yield from _dropped_filters(ctx)
        return
    side = new_side(ctx)
    for segment in side.segments:
        lines = segment.text.split("\n")
        terms = [*_junos_blocks(lines, segment.first_line),
                 *_route_maps(lines, segment.first_line, segment.whole)]
        if segment.whole:
            terms.extend(_set_style(lines, segment.first_line))
        for term in terms:
            if term.accept is None or term.conditions:
                continue
            if not side.touches(term.first, term.last):
                continue
            text = ctx.line_text(Side.NEW, term.accept) or ""
            yield Hit(term.accept, Side.NEW, clip(text), anchor=f"open-term|{term.name}",
                      values={"match": term.name})


def _junos_blocks(lines: list[str], first_line: int) -> Iterator[_Term]:
    """Terms, and policy-statements without terms, from the brace-delimited syntax."""
    stack: list[dict[str, Any]] = []
    for offset, text in enumerate(lines):
        number = first_line + offset
        code = text.split("#", 1)[0]
        opened = _OPEN.match(code)
        if opened is not None:
            stack.append({"kind": opened.group("kind"), "name": opened.group("name"),
                          "first": number, "accept": None, "from": False, "terms": False,
                          "depth": 0})
            if opened.group("kind") == "term" and len(stack) > 1:
                stack[-2]["terms"] = True
            stack[-1]["depth"] += code.count("{") - code.count("}")
            continue
        if not stack:
            continue
        block = stack[-1]
        if _FROM.match(code):
            block["from"] = True
        if _ACCEPT.match(code) and block["accept"] is None:
            block["accept"] = number
        block["depth"] += code.count("{") - code.count("}")
        if block["depth"] <= 0:
            stack.pop()
            if block["kind"] == "term" or not block["terms"]:
                yield _Term(f"{block['kind']} {block['name']}", block["first"], number,
                            block["accept"], block["from"])


def _set_style(lines: list[str], first_line: int) -> Iterator[_Term]:
    terms: dict[tuple[str, str], dict[str, Any]] = {}
    for offset, text in enumerate(lines):
        found = _SET.match(text)
        if found is None:
            continue
        key = (found.group("policy"), found.group("term") or "")
        entry = terms.setdefault(key, {"first": first_line + offset, "accept": None,
                                       "from": False, "last": first_line + offset})
        entry["last"] = first_line + offset
        if found.group("part") == "from":
            entry["from"] = True
        elif found.group("rest").strip().startswith("accept") and entry["accept"] is None:
            entry["accept"] = first_line + offset
    for (policy, term), entry in terms.items():
        name = f"policy-statement {policy}" + (f" term {term}" if term else "")
        yield _Term(name, entry["first"], entry["last"], entry["accept"], entry["from"])


def _route_maps(lines: list[str], first_line: int, whole: bool) -> Iterator[_Term]:
    """``route-map NAME permit SEQ`` entries and the indented clauses under them."""
    for offset, text in enumerate(lines):
        found = _ROUTE_MAP.match(text)
        if found is None:
            continue
        end = offset + 1
        while end < len(lines) and lines[end].startswith((" ", "\t")):
            end += 1
        if end == len(lines) and not whole:
            continue  # the entry may run past what is visible
        body = lines[offset + 1:end]
        name = f"route-map {found.group('name')} permit {found.group('seq') or ''}".strip()
        yield _Term(name, first_line + offset, first_line + end - 1, first_line + offset,
                    any(_MATCH.match(line) for line in body))



def _dropped_filters(ctx: FileContext) -> Iterator[Hit]:
    """An ``import``/``export`` chain whose policies are not all kept by the chain that
    replaced it in the same hunk (a grown chain is a tightening)."""
    for hunk in ctx.change.hunks:
        kept: dict[str, set[str]] = {}
        for ln in hunk.lines:
            found = _CHAIN.match(ln.text)
            if found is not None and ln.side is Side.NEW:
                kept.setdefault(found.group("dir"), set()).update(_policies(found.group("chain")))
        for ln in hunk.lines:
            found = _CHAIN.match(ln.text)
            if found is None or ln.side is not Side.OLD:
                continue
            now = kept.get(found.group("dir"), set())
            lost = _policies(found.group("chain")) - now
            if lost and "none" not in now:  # BIRD "import none" rejects everything
                yield Hit(ln.number, Side.OLD, clip(ln.text),
                          anchor=f"dropped|{found.group('dir')}|{','.join(sorted(lost))}",
                          values={"match": f"{found.group('dir')} policy "
                                           f"{', '.join(sorted(lost))}"})


def _policies(chain: str) -> set[str]:
    return set(chain.strip("[] ").split())
