"""Sections of a pull-request description: which of rollout, rollback, testing, owner... it has.

A section is a Markdown heading (``## Rollback``), a bold label (``**Rollback:** ...``) or a
label line (``Rollback: revert the commit``) whose text is not a placeholder. Names compare
without case or punctuation, and the usual section names count as aliases (``Rollback plan``,
``How was this tested?``).
"""

from __future__ import annotations

import re

ALIASES: dict[str, tuple[str, ...]] = {
    "rollout": ("rollout", "roll out", "rollout plan", "deployment plan", "deploy plan",
                "release plan"),
    "rollback": ("rollback", "roll back", "rollback plan", "revert plan", "backout plan",
                 "back out plan"),
    "testing": ("testing", "tests", "test plan", "how was this tested", "how tested",
                "verification"),
    "owner": ("owner", "owners", "point of contact", "contact", "on call", "dri"),
}

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<name>.+?)\s*#*\s*$")
_BOLD = re.compile(r"^\s*(?:[-*]\s+)?\*\*(?P<name>[^*]{1,60}?)\s*:?\s*\*\*\s*:?\s*(?P<rest>.*)$")
_LABEL = re.compile(r"^\s*(?:[-*]\s+)?(?P<name>[A-Za-z][A-Za-z /&?-]{0,40}?)\s*:\s*(?P<rest>.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WORDS = re.compile(r"[a-z0-9]+")
PLACEHOLDERS = frozenset({"", "tbd", "todo", "n a", "na", "none", "tba", "fill in", "xxx"})


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower().replace("-", " ")))


def _names(name: str) -> frozenset[str]:
    return frozenset({_norm(alias) for alias in ALIASES.get(name, ())} | {_norm(name)})


def _named(heading: str, names: frozenset[str]) -> bool:
    return any(heading == n or heading.startswith(n + " ") for n in names)


KNOWN = frozenset().union(*(_names(name) for name in ALIASES))


def sections(text: str, labels: frozenset[str] = KNOWN) -> dict[str, str]:
    """Section name (normalized) → its body. Every Markdown heading starts a section; a label
    line (``Rollback: ...``) only when its label is one of ``labels``, so ordinary lines such
    as ``Then: deploy`` stay inside the section they belong to."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _COMMENT.sub("", text).splitlines():
        heading = _HEADING.match(line)
        labelled = None if heading else (_BOLD.match(line) or _LABEL.match(line))
        if heading:
            current = found.setdefault(_norm(heading.group("name")), [])
        elif labelled and _named(_norm(labelled.group("name")), labels):
            current = found.setdefault(_norm(labelled.group("name")), [])
            current.append(labelled.group("rest"))
        elif current is not None:
            current.append(line)
    return {name: "\n".join(body).strip() for name, body in found.items()}


def _filled(body: str) -> bool:
    for line in body.splitlines():
        words = _norm(re.sub(r"^\s*[-*]\s*(\[[ xX]?\])?", "", line))
        if words not in PLACEHOLDERS:
            return True
    return False


def has_section(text: str, name: str) -> bool:
    """Whether ``text`` has a filled-in section called ``name`` (or one of its aliases)."""
    names = _names(name)
    found = sections(text, KNOWN | names)
    return any(_named(heading, names) and _filled(body) for heading, body in found.items())
