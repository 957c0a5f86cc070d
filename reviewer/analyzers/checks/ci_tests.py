"""Test and security-scan commands removed from CI definitions.

A deleted test step, a deleted test job and a deleted scan all look the same in a diff: a
command line that runs tests is gone and nothing added runs it again. Editing the command
(``pytest -q`` → ``pytest -q --cov``) or moving it to another job keeps the command, so it is
not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import unmatched_removals
from reviewer.analyzers.context import FileContext, Hit

_TESTS: tuple[tuple[str, str], ...] = (
    ("pytest", r"\b(?:py\.test|pytest)\b(?![-.\w]*\.(?:ini|toml|cfg))"),
    ("unittest", r"\bpython3?\s+-m\s+unittest\b"),
    ("tox", r"\btox\b(?!\.ini)(?:\s|$)"),
    ("nox", r"\bnox\b(?:\s|$)"),
    ("go test", r"\bgo\s+test\b"),
    ("npm test", r"\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|t)(?::[\w:-]+)?(?:\s|$)"),
    ("jest", r"\b(?:jest|vitest|mocha|karma\s+start|cypress\s+run|playwright\s+test)\b"),
    ("maven", r"\bmvnw?\b[^\n]*\s(?:test|verify|integration-test|install)\b"),
    ("gradle", r"\bgradlew?\b[^\n]*\s(?:test|check|build)\b"),
    ("cargo test", r"\bcargo\s+(?:test|nextest)\b"),
    ("make test", r"\bmake\b[^\n]*?\s(?:test|tests|check|e2e|integration)\b"),
    ("rspec", r"\brspec\b|\brake\s+(?:test|spec)\b"),
    ("phpunit", r"\b(?:phpunit|pest)\b"),
    ("dotnet test", r"\bdotnet\s+test\b"),
    ("bazel test", r"\bbazel\s+test\b"),
    ("ctest", r"\bctest\b"),
    # a call to a local reusable workflow or action that runs checks: its content is elsewhere
    ("local check workflow",
     r"\buses:\s*\./\.github/(?:workflows|actions)/[\w./-]*(?:test|check|ci|lint|scan|verify)"),
)
_SCANS: tuple[tuple[str, str], ...] = (
    ("codeql", r"github/codeql-action/analyze"),
    ("trivy", r"\btrivy\b"),
    ("grype", r"\bgrype\b"),
    ("snyk", r"\bsnyk\s+(?:test|code|container|iac)\b|snyk/actions/"),
    ("semgrep", r"\bsemgrep\b"),
    ("gosec", r"\bgosec\b"),
    ("bandit", r"\bbandit\s+-"),
    ("checkov", r"\bcheckov\b"),
    ("tfsec", r"\btfsec\b"),
    ("gitleaks", r"\bgitleaks\b"),
    ("trufflehog", r"\btrufflehog\b"),
    ("dependency audit", r"\b(?:npm\s+audit|yarn\s+audit|pip-audit|govulncheck|cargo\s+audit)\b"),
)
_NOT_A_COMMAND = re.compile(
    r"""^\s*-?\s*["']?(?:name|description|display_?name|title|label|id|stage|if|key|environment)
    ["']?\s*:|\b(?:echo|print|printf|log)\b
    |\b(?:pip3?|pipx|uv\s+pip|uv|poetry|pdm|conda|apt(?:-get)?|brew|gem|go)\s+(?:install|add|get)\b
    |\b(?:npm|yarn|pnpm)\s+(?:install|i|add)\s+(?:-[-\w]+\s+)*[@\w]""", re.X | re.I)
"""Step names, descriptions, conditions, messages and installs mention test tools without
running them."""

_FALLBACK = re.compile(r"\s*\|\|.*$")


def _compile(groups: Iterable[tuple[str, str]]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((label, re.compile(pattern, re.I)) for label, pattern in groups)


_KINDS = {"tests": _compile(_TESTS), "scans": _compile(_SCANS)}


def command_tokens(text: str, kinds: Iterable[str] = ("tests", "scans")) -> list[str]:
    """The test and scan tools ``text`` runs, one label per tool."""
    # What follows || runs only on failure: `pytest || echo failed` still runs pytest (that
    # the failure is swallowed is ci-test-failure-masked's finding, not a removed test).
    text = _FALLBACK.sub("", text)
    if _NOT_A_COMMAND.search(text):
        return []
    return [label for kind in kinds for label, pattern in _KINDS[kind] if pattern.search(text)]


_FAMILY = {label: kind for kind, patterns in _KINDS.items() for label, _ in patterns}


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``kinds`` (default ``[tests, scans]``)."""
    kinds = tuple(options.get("kinds", ("tests", "scans")))
    return _hits(ctx, kinds)


def _hits(ctx: FileContext, kinds: tuple[str, ...]) -> Iterator[Hit]:
    def tokens(text: str) -> list[str]:
        return command_tokens(text, kinds)

    # A test runner replaced by another (pytest by make test) still runs the tests.
    for removal in unmatched_removals(ctx.change, tokens, coarse=_FAMILY.__getitem__):
        ln = removal.line
        yield Hit(ln.number, ln.side, ln.text.strip()[:240], anchor=f"gate:{removal.token}",
                  values={"command": removal.token})
