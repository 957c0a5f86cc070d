"""Regular expressions that can backtrack catastrophically, found with Python's own regex
parser (``re._parser``) and a character-set model of what each piece can match.

Three shapes are reported, each only when the pieces involved can match the same text
(which is what makes a backtracking engine try exponentially or polynomially many ways):
- a repeated group whose body holds a variable-length repeat and nothing that forces a
  boundary between iterations: ``(a+)+``, ``(\\w+\\s*)*``, ``(.*a){20}``;
- two unbounded wildcards next to each other: ``.*.*``, ``.*(?:.*=.*)``;
- alternatives that match the same characters, under a repeat: ``(\\w|\\d)+``, ``(a|aa)*``.
``(\\d+\\.)+\\d+``, ``[^"]*``, ``(?:[^"\\\\]|\\\\.)*`` and other everyday patterns stay quiet.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_ALL = (1 << 129) - 1  # ASCII plus one stand-in for every non-ASCII character
_NON_ASCII = 1 << 128
_NEWLINE = 1 << 10
_BROAD = 96
"""A class matching at least this many of the 129 modelled characters is a wildcard."""
_LARGE = 10
"""A repeat allowing at least this many iterations counts as unbounded."""
MAX_PATTERN = 4000


def _bits(chars: str) -> int:
    out = 0
    for ch in chars:
        out |= 1 << ord(ch) if ord(ch) < 128 else _NON_ASCII
    return out


_DIGIT = _bits("0123456789")
_WORD = _bits("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") | _NON_ASCII
_SPACE = _bits(" \t\n\r\f\v")
_CATEGORIES = {"CATEGORY_DIGIT": _DIGIT, "CATEGORY_NOT_DIGIT": _ALL & ~_DIGIT,
               "CATEGORY_WORD": _WORD, "CATEGORY_NOT_WORD": _ALL & ~_WORD,
               "CATEGORY_SPACE": _SPACE, "CATEGORY_NOT_SPACE": _ALL & ~_SPACE}
_PCRE = ((r"(?<", r"\(\?<(?=[A-Za-z_])", "(?P<"), ("\\p", r"\\[pP]\{\w+\}", r"\\w"),
         ("\\P", r"\\[pP]\{\w+\}", r"\\w"), ("\\h", r"\\h", "[ \\t]"),
         ("\\z", r"\\z", r"\\Z"), ("(?", r"\(\?[a-zA-Z]*\)(?!$)", ""))
"""PCRE spellings Python's parser does not read: (text that shows them, pattern, rewrite)."""


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    # The stdlib's own parser (private, stable across 3.11-3.13): a hand-written one would
    # disagree with real engines on more patterns than it would save.
    return importlib.import_module("re._parser")


def costly(pattern: str) -> str | None:
    """Why ``pattern`` risks catastrophic backtracking, or None (also for unreadable ones)."""
    if len(pattern) > MAX_PATTERN or not any(q in pattern for q in "*+{"):
        return None
    text = pattern
    for marker, spelling, replacement in _PCRE:
        if marker in text:
            text = re.sub(spelling, replacement, text)
    try:
        tree = _parser().parse(text)
    except Exception:  # not a pattern this engine can read: not ours to judge
        return None
    flags = int(getattr(tree.state, "flags", 0))
    model = _Model(bool(flags & re.IGNORECASE), bool(flags & re.DOTALL))
    return model.find(list(tree)) or _atom_alternation(text, model)


_ATOM = r"(?:\\.|\[(?:\\.|[^\]])*\]|[^()|\\\[*+?{])"
_ALTERNATION = rf"\((?:\?:)?({_ATOM}(?:\|{_ATOM})+)\)(?:[*+]|\{{\d*,(\d*)\}})"


def _atom_alternation(text: str, model: _Model) -> str | None:
    """``(\\w|\\d)+``: Python merges one-character alternatives into a class, but
    backtracking engines such as PCRE and JavaScript try each alternative in turn."""
    if "|" not in text:
        return None
    for found in re.finditer(_ALTERNATION, text):
        upper = found.group(2)
        if upper and int(upper) < _LARGE:
            continue
        atoms = re.findall(_ATOM, found.group(1))
        sets = []
        for atom in atoms:
            try:
                sets.append(model.seq_chars(list(_parser().parse(atom))))
            except Exception:
                return None
        if any(a & b for i, a in enumerate(sets) for b in sets[i + 1:]):
            return "alternatives that match the same text, under a repeat"
    return None


class _Model:
    def __init__(self, ignore_case: bool, dotall: bool) -> None:
        self.ignore_case = ignore_case
        self.dotall = dotall

    # -- what pieces match ------------------------------------------------------------
    def chars(self, item: Any) -> int:
        """Every character ``item`` can consume."""
        op, av = str(item[0]), item[1]
        if op == "LITERAL":
            return self._literal(av)
        if op == "NOT_LITERAL":
            return _ALL & ~self._literal(av)
        if op == "ANY":
            return _ALL if self.dotall else _ALL & ~_NEWLINE
        if op == "IN":
            return self._in(av)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return self.seq_chars(av[2])
        if op == "SUBPATTERN":
            return self.seq_chars(av[3])
        if op == "ATOMIC_GROUP":
            return self.seq_chars(av)
        if op == "BRANCH":
            out = 0
            for alternative in av[1]:
                out |= self.seq_chars(alternative)
            return out
        if op in ("GROUPREF", "GROUPREF_EXISTS"):
            return _ALL
        return 0  # anchors and lookarounds consume nothing

    def seq_chars(self, seq: Any) -> int:
        out = 0
        for item in seq:
            out |= self.chars(item)
        return out

    def _literal(self, code: int) -> int:
        ch = chr(code)
        return _bits(ch.lower() + ch.upper()) if self.ignore_case else _bits(ch)

    def _in(self, items: Any) -> int:
        out, negate = 0, False
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                out |= self._literal(av)
            elif name == "RANGE":
                lo, hi = av
                for code in range(lo, min(hi, 127) + 1):
                    out |= self._literal(code)
                if hi >= 128:
                    out |= _NON_ASCII
            elif name == "CATEGORY":
                out |= _CATEGORIES.get(str(av), _ALL)
        return _ALL & ~out if negate else out

    def nullable(self, item: Any) -> bool:
        op, av = str(item[0]), item[1]
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            return av[0] == 0 or all(self.nullable(i) for i in av[2])
        if op == "SUBPATTERN":
            return all(self.nullable(i) for i in av[3])
        if op == "ATOMIC_GROUP":
            return all(self.nullable(i) for i in av)
        if op == "BRANCH":
            return any(all(self.nullable(i) for i in alt) for alt in av[1])
        return op in ("AT", "ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS")

    # -- the three shapes -------------------------------------------------------------
    def find(self, seq: list[Any]) -> str | None:
        return self._adjacent(self._flat(seq)) or self._walk(seq)

    def _walk(self, seq: Any) -> str | None:
        for item in seq:
            op, av = str(item[0]), item[1]
            if op in ("MAX_REPEAT", "MIN_REPEAT"):
                _, high, body = av
                if high >= _LARGE and (found := self._repeated(body)):
                    return found
                inner = self._walk(body)
            elif op == "SUBPATTERN":
                inner = self._walk(av[3]) or self._adjacent(self._flat(av[3]))
            elif op == "BRANCH":
                inner = next((r for alt in av[1]
                              if (r := self._walk(alt) or self._adjacent(self._flat(alt)))), None)
            else:
                inner = None  # atomic groups and possessive repeats never backtrack into
            if inner:
                return inner
        return None

    def _flat(self, seq: Any) -> list[Any]:
        """Groups without a quantifier are just their contents, for adjacency."""
        out: list[Any] = []
        for item in seq:
            if str(item[0]) == "SUBPATTERN":
                out.extend(self._flat(item[1][3]))
            else:
                out.append(item)
        return out

    def _variable(self, item: Any) -> bool:
        op, av = str(item[0]), item[1]
        return op in ("MAX_REPEAT", "MIN_REPEAT") and av[1] > av[0] and av[1] >= 2

    def _repeated(self, body: Any) -> str | None:
        """Can one pass of ``body`` be re-split into several passes (or vice versa)?"""
        flat = self._flat(body)
        for index, item in enumerate(flat):
            rest = flat[:index] + flat[index + 1:]
            if self._variable(item) and self._no_boundary(item, rest):
                return "nested quantifier: a repeated group holds a repeat that can absorb " \
                       "the text around it"
            if self._optional_repeats_neighbours(item, rest):
                return "optional piece inside a repeated group can also be the next iteration"
            if str(item[0]) == "BRANCH":
                for alternative in item[1][1]:
                    alt = self._flat(alternative)
                    for position, piece in enumerate(alt):
                        others = alt[:position] + alt[position + 1:] + rest
                        if self._variable(piece) and self._no_boundary(piece, others):
                            return "nested quantifier inside an alternative of a repeated group"
                if len(flat) == 1 and self._overlapping_alternatives(item[1][1]):
                    return "alternatives that match the same text, under a repeat"
        return None

    def _optional_repeats_neighbours(self, item: Any, rest: list[Any]) -> bool:
        """``(a(?:|a))+`` (how Python stores ``(a|aa)+``): the optional piece can take the
        text of the mandatory ones, so one pass equals two."""
        if self._variable(item) or not self.nullable(item):
            return False
        covered = self.chars(item)
        mandatory = [i for i in rest if not self.nullable(i)]
        return bool(covered and mandatory) and all(
            self.chars(i) and not self.chars(i) & ~covered for i in mandatory)

    def _no_boundary(self, repeat: Any, rest: list[Any]) -> bool:
        """Nothing in ``rest`` forces an iteration boundary the repeat could not cross."""
        covered = self.chars(repeat)
        return all(self.nullable(i) or (self.chars(i) & covered) for i in rest)

    def _overlapping_alternatives(self, alternatives: Any) -> bool:
        single = [self._single_char(a) for a in alternatives]
        for i, left in enumerate(single):
            for j, right in enumerate(single):
                if i < j and left and right and left & right:
                    return True
        for i, left in enumerate(single):
            if not left:
                continue
            for j, alternative in enumerate(alternatives):
                if i != j and len(alternative) > 1 and all(
                        self._single_char([p]) and not self.chars(p) & ~left
                        for p in alternative):
                    return True
        return False

    def _single_char(self, alternative: Any) -> int:
        """The character set of an alternative that is exactly one character, else 0."""
        if len(alternative) != 1:
            return 0
        op = str(alternative[0][0])
        return self.chars(alternative[0]) if op in ("LITERAL", "NOT_LITERAL", "ANY", "IN") else 0

    def _adjacent(self, flat: list[Any]) -> str | None:
        """Two unbounded wildcards with only optional pieces between them."""
        previous: Any = None
        for item in flat:
            op, av = str(item[0]), item[1]
            if op in ("MAX_REPEAT", "MIN_REPEAT") and av[1] >= _LARGE:
                here = self.chars(item)
                if previous is not None and here & previous and \
                        _broad(here) and _broad(previous):
                    return "adjacent unbounded wildcards: each can take what the other takes"
                previous = here
            elif not self.nullable(item):
                previous = None
        return None


def _broad(charset: int) -> bool:
    return charset.bit_count() >= _BROAD
