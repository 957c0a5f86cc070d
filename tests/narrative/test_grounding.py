"""Concerns checked against the change: wrong files dropped, wrong lines or quotes unverified."""

from __future__ import annotations

import pytest

from reviewer.diff.synthetic import changeset
from reviewer.narrative.answer import ConcernAnswer
from reviewer.narrative.grounding import LineIndex, ground
from reviewer.narrative.redaction import Redactor

BEFORE = "spec:\n  replicas: 12\n  minReadySeconds: 30\n" + "".join(
    f"  label{i}: x\n" for i in range(20)) + "  paused: false\n"
AFTER = BEFORE.replace("replicas: 12", "replicas: 2").replace(
    "  minReadySeconds: 30\n", "").replace("paused: false", "paused: true")
PATH = "deploy/prod/api.yaml"


def concern(line: int, quote: str, side: str = "new", path: str = PATH) -> ConcernAnswer:
    return ConcernAnswer(path=path, line=line, side=side, severity="warn", quote=quote,
                         text="t")


@pytest.mark.parametrize("git", [False, True])
@pytest.mark.parametrize(("given", "grounded_at"), [
    (concern(2, "replicas: 2"), 2),
    (concern(2, "+ 2:   replicas: 2"), 2),            # copied with our sign and number
    (concern(3, "  replicas:  2 "), 2),               # off by one, spacing differs
    (concern(2, "replicas: 12", side="old"), 2),      # a removed line, old numbering
    (concern(3, "minReadySeconds: 30", side="old"), 3),
    (concern(2, "replicas: 12"), None),               # old text cited on the new side
    (concern(9, "replicas: 2"), None),                # too far from the line
    (concern(2, "2"), None),                          # too short to mean anything
    (concern(2, "spec.replicas is too low"), None),   # a paraphrase, not a quote
])
def test_lines_and_quotes(given: ConcernAnswer, grounded_at: int | None, git: bool) -> None:
    result = ground([given], LineIndex(changeset([(PATH, BEFORE, AFTER)], git=git), Redactor()))
    (kept,) = result.concerns
    assert (kept.grounded, kept.line) == (grounded_at is not None, grounded_at or given.line)


def test_whole_file_lines_ground_in_git_mode_only() -> None:
    far = concern(12, "label10: x")  # outside every hunk: only the whole file has it
    for git, expected in ((True, True), (False, False)):
        index = LineIndex(changeset([(PATH, BEFORE, AFTER)], git=git), Redactor())
        assert ground([far], index).concerns[0].grounded is expected


@pytest.mark.parametrize("path", ["deploy/prod/other.yaml", "../deploy/prod/api.yaml", ""])
def test_files_not_in_the_change_are_dropped(path: str) -> None:
    result = ground([concern(2, "replicas: 2", path=path), concern(2, "replicas: 2")],
                    LineIndex(changeset([(PATH, BEFORE, AFTER)]), Redactor()))
    assert (result.grounded, result.ungrounded, result.dropped) == (1, 0, 1)
    assert [c.path for c in result.concerns] == [PATH]


@pytest.mark.parametrize("path", [f"b/{PATH}", f"./{PATH}", f"/{PATH}", f"`{PATH}`"])
def test_path_spellings(path: str) -> None:
    result = ground([concern(2, "replicas: 2", path=path)],
                    LineIndex(changeset([(PATH, BEFORE, AFTER)]), Redactor()))
    assert [(c.path, c.grounded) for c in result.concerns] == [(PATH, True)]


def test_quotes_compare_with_the_redacted_text() -> None:
    before, after = "a: 1\n", "a: 1\ndb_password: hunter2hunter2\n"
    index = LineIndex(changeset([("app.env", before, after)]), Redactor())
    result = ground([concern(2, "db_password: [REDACTED]", path="app.env"),
                     concern(2, "hunter2hunter2", path="app.env")], index)
    assert [c.grounded for c in result.concerns] == [True, False]
