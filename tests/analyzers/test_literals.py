"""Literal prefilters must never hide a match: if a regex finds something, its literals are
in the text. Checked on tables, on every bundled rule's patterns against real diff lines,
and on generated text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.analyzers.literals import may_match, required
from reviewer.analyzers.matchers import any_of
from reviewer.analyzers.rule_loader import load_rulebook
from tests.conftest import FIXTURES, ROOT


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?i)\bverify\s*=\s*(?:False|no)\b", {"verify"}),
    (r"(?:^|\s)curl\b[^\n]*\s(?:-k|--insecure)\b", {"curl"}),
    (r"(?i)tls|ssl", {"tls", "ssl"}),
    (r"(?m)^\s*-?\s*(?:alert|expr):", {"alert", "expr"}),
    (r"ALLOW_ALL", {"allow_all"}),  # compared in lower case whatever the flags
    (r"[ab]x+", {"x"}),
    (r"[ab]", {"a", "b"}),
    (r"(?x) drop \s+ table", {"table"}),  # the longest run is the rarest
    (r"\d+", None),  # no fixed text: the regex always runs
    (r"a|\d", None),
    (r"(?:abc)?", None),
    (r"(?!abc)x*", None),
    (r"naïve", {"na"}),  # non-ASCII characters break a run, they are never required
])
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required((pattern,))
    assert (set(found) if found is not None else None) == expected


def test_one_pattern_without_literals_disables_the_prefilter_for_the_list() -> None:
    assert required(("abc", r"\d+")) is None
    assert required(("abc", "xyz")) == {"abc", "xyz"}


@pytest.mark.parametrize(("text", "expected"), [
    ("requests.get(url, verify=False)", True),
    ("REQUESTS.GET(URL, VERIFY=FALSE)", True),
    ("timeout: 30", False),
    ("ſsl: off", True),  # not ASCII: the regex decides, since re folds ſ to s under (?i)
])
def test_may_match(text: str, expected: bool) -> None:
    literals = required((r"(?i)\bverify\s*=", r"(?i)ssl"))
    assert may_match(literals, text.lower(), text.isascii()) is expected


def _rule_patterns() -> list[tuple[str, ...]]:
    book = load_rulebook([ROOT / "rules"])
    out: set[tuple[str, ...]] = set()

    for rule in book.rules:
        for match in rule.match:
            for field in ("added_lines", "removed_lines", "when_file_contains",
                          "unless_file_contains"):
                if getattr(match, field):
                    out.add(tuple(getattr(match, field)))
    return sorted(out)


def _sample_lines() -> list[str]:
    lines: set[str] = set()
    for diff in sorted((FIXTURES / "diffs").glob("*.diff")):
        for line in diff.read_text(errors="replace").splitlines():
            if line[:1] in "+- " and not line.startswith(("+++", "---")):
                lines.add(line[1:])
    for rules_file in sorted((ROOT / "rules").glob("*.yaml")):
        lines.update(rules_file.read_text().splitlines())  # example texts fire rules
    return sorted(lines)


def test_no_bundled_pattern_is_hidden_by_its_literals() -> None:
    patterns, lines = _rule_patterns(), _sample_lines()
    assert len(patterns) > 40 and len(lines) > 1000
    matched = 0
    for group in patterns:
        literals, regex = required(group), any_of(group)
        for line in lines:
            if regex.search(line):
                matched += 1
                assert may_match(literals, line.lower(), line.isascii()), (group, line)
    assert matched > 100  # the check saw real matches, not only misses


@given(st.sampled_from([r"(?i)skip_?(?:tls|ssl)_?verify\s*[:=]\s*true", r"ab+c|x[yz]",
                        r"(?i)(?:foo|bar)baz", r"(?:^|\s)-k\b", r"\bon\b|\boff\b"]),
       st.text(alphabet="abcxyzABCXYZfoFObrBRsSkKiIpPtTlLvVeErR_-:= \n", max_size=40))
def test_generated_text_never_loses_a_match(pattern: str, text: str) -> None:
    if re.search(pattern, text):
        assert may_match(required((pattern,)), text.lower(), text.isascii())
