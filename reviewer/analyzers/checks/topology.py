"""Production identifiers written into non-production configuration: prod hosts, DSNs and
URLs, prod-named buckets, queues, clusters and projects, and account ids a team lists.

A staging service pointed at a production database or queue writes test traffic into real
data, and a staging incident becomes a production one. An identifier counts as production
when one of its name parts is ``prod``, ``production`` or ``prd`` (``preprod``, ``non-prod``
and ``product`` do not) or it is in ``options.identifiers``. Options: ``identifiers`` (extra
literal ids, such as production account numbers), ``words`` (replaces the default words).

With ``environment: nonprod`` the check looks the other way, for non-production hosts and
endpoints (``staging``, ``preprod``, ``non-prod``, ``dev``, ...) written into production
routing, where they receive production traffic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip

_DEFAULT_WORDS = frozenset({"prod", "production", "prd"})
_NONPROD_WORDS = frozenset({"staging", "stg", "preprod", "nonprod", "uat", "qa", "sandbox",
                            "dev", "development"})
_NEGATING = frozenset({"non", "pre", "not", "no"})
_TOKEN = re.compile(r"[a-z]+|\d+")
_IDENTIFIER = re.compile(
    r"(?P<id>(?:[a-z][a-z0-9+.-]*://)?[A-Za-z0-9_][A-Za-z0-9_.:/@-]*[A-Za-z0-9_])")
_NAMED_VALUE = re.compile(
    r"(?i)(?:^|[\s{,\"'])[\w.-]*(?:host|hostname|endpoint|url|uri|dsn|server|address|cluster|"
    r"context|project|account|bucket|queue|topic|database|db|stream|table|namespace|vpc|subnet)"
    r"[\w.-]*[\"']?\s*[:=]\s*[\"']?(?P<value>[^\s\"',}]+)")
_SKIP_LINE = re.compile(r"^\s*(?:#|//|--|;)|\bimage\s*[:=]|\bregistry\b|^\s*FROM\s", re.I)


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterator[Hit]:
    nonprod = options.get("environment", "prod") == "nonprod"
    default = _NONPROD_WORDS if nonprod else _DEFAULT_WORDS
    words = frozenset(w.lower() for w in options.get("words", default))
    literals = tuple(str(i) for i in options.get("identifiers", ()))
    for line in ctx.change.added_lines():
        if _SKIP_LINE.search(line.text):
            continue
        found = _production_identifier(line.text, words, literals, nonprod)
        if found is not None:
            yield Hit(line.number, line.side, clip(line.text), anchor=f"prod-id|{found}",
                      values={"identifier": found})


def _production_identifier(text: str, words: frozenset[str], literals: tuple[str, ...],
                           nonprod: bool = False) -> str | None:
    for literal in literals:
        if literal and literal in text:
            return literal
    candidates = [m.group("value") for m in _NAMED_VALUE.finditer(text)]
    candidates += [m.group("id") for m in _IDENTIFIER.finditer(text)
                   if any(c in m.group("id") for c in ".:/@")]
    names = _names_nonproduction if nonprod else _names_production
    for candidate in candidates:
        if names(candidate, words):
            return candidate.strip("\"'")
    return None


def _names_production(identifier: str, words: frozenset[str]) -> bool:
    tokens = _TOKEN.findall(identifier.lower())
    for position, token in enumerate(tokens):
        if token in words and (position == 0 or tokens[position - 1] not in _NEGATING):
            return True
    return False


def _names_nonproduction(identifier: str, words: frozenset[str]) -> bool:
    """A non-production word, or a production word negated (``non-prod``, ``pre-prod``)."""
    tokens = _TOKEN.findall(identifier.lower())
    for position, token in enumerate(tokens):
        if token in words or (token in _DEFAULT_WORDS and position > 0
                              and tokens[position - 1] in _NEGATING):
            return True
    return False
