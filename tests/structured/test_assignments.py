"""NAME=value settings in Kustomize literals and Compose environment lists read as keys."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewer.diff.synthetic import changeset
from reviewer.structured.extract import key_changes
from reviewer.structured.model import ABSENT

PATH = "deploy/overlays/prod/kustomization.yaml"
HEAD = "configMapGenerator:\n  - name: api\n    literals:\n      - MODE=strict\n"


def settings(before: str, after: str, git: bool) -> list[tuple[str, object, object, int]]:
    change = changeset([(PATH, before, after)], git=git).files[0]
    if not git:
        change = replace(change, before=None, after=None)
    return sorted((str(c.path[-1]), c.old, c.new, c.line) for c in key_changes(change).changes
                  if len(c.path) >= 2 and c.path[-2] == "literals")


@pytest.mark.parametrize("git", [True, False])
@pytest.mark.parametrize(("before", "after", "expected"), [
    (HEAD + "      - CHECKS=on\n      - TIMEOUT=5\n", HEAD + "      - CHECKS=off\n      - TIMEOUT=5\n",
     [("CHECKS", "on", "off", 5)]),
    (HEAD + "      - ISSUER=https://id\n", HEAD + "      - ISSUER=\n", [("ISSUER", "https://id", "", 5)]),
    (HEAD, HEAD + "      - LIMIT=10\n", [("LIMIT", ABSENT, "10", 5)]),
    (HEAD + "      - LIMIT=10\n", HEAD, [("LIMIT", "10", ABSENT, 5)]),
    # reordered: nothing changed
    (HEAD + "      - A=1\n      - B=2\n", HEAD + "      - B=2\n      - A=1\n", []),
])
def test_settings_become_keys(git: bool, before: str, after: str,
                              expected: list[tuple[str, object, object, int]]) -> None:
    assert settings(before, after, git) == expected


def test_lists_of_other_names_are_left_alone() -> None:
    before = "args:\n  - --mode=strict\n"
    change = changeset([("deploy/prod/job.yaml", before, "args:\n  - --mode=loose\n")],
                       git=True).files[0]
    assert all(c.path == ("args",) for c in key_changes(change).changes)
