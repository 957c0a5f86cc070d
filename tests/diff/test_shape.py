"""Placing old-side lines on the head revision, and which lines a diff shows."""

from __future__ import annotations

import pytest

from reviewer.diff.model import Side, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.diff.shape import DiffShape

DIFF = b"""\
diff --git a/app.yaml b/app.yaml
--- a/app.yaml
+++ b/app.yaml
@@ -2,8 +2,6 @@ top:
 a: 1
 b: 2
-c: 3
-d: 4
-e: 5
+cd: 34
 f: 6
 g: 7
 h: 8
@@ -20,3 +18,6 @@ tail:
 t: 20
+u: 20.5
+v: 20.7
+v2: 20.9
 w: 21
 x: 22
diff --git a/gone.yaml b/gone.yaml
deleted file mode 100644
--- a/gone.yaml
+++ /dev/null
@@ -1,2 +0,0 @@
-a: 1
-b: 2
diff --git a/u0.yaml b/u0.yaml
--- a/u0.yaml
+++ b/u0.yaml
@@ -4,2 +3,0 @@
-x: 1
-y: 2
diff --git a/tie.yaml b/tie.yaml
--- a/tie.yaml
+++ b/tie.yaml
@@ -1,3 +1,2 @@
 a: 1
-b: 2
 c: 3
"""


@pytest.fixture(scope="module")
def shape() -> DiffShape:
    changes = parse_diff(DIFF, Source(SourceMode.DIFF, "t"))
    return DiffShape(changes.files)


@pytest.mark.parametrize(("path", "old", "new"), [
    ("app.yaml", 4, 3),      # c: the kept line b is one row away, f four
    ("app.yaml", 5, 3),      # d: b two rows before, f three after (cd is added, not kept)
    ("app.yaml", 6, 5),      # e: f two rows after, b three before
    ("app.yaml", 2, 2),      # a context line maps to itself
    ("app.yaml", 1, 1),      # before every hunk: unchanged
    ("app.yaml", 15, 13),    # between hunks: shifted by the first hunk (-2)
    ("app.yaml", 30, 31),    # after the last hunk: shifted by both (-2 + 3)
    ("u0.yaml", 4, 3),       # -U0 deletion: the line before it in the new file
    ("u0.yaml", 5, 3),
    ("tie.yaml", 2, 1),      # kept lines one row before and after: the one before
    ("unknown.yaml", 9, 9),  # a path the diff does not know keeps its line
])
def test_surviving_line(shape: DiffShape, path: str, old: int, new: int) -> None:
    assert shape.surviving_line(path, old) == new


def test_a_deleted_file_has_no_surviving_line(shape: DiffShape) -> None:
    assert shape.is_deleted("gone.yaml") and shape.surviving_line("gone.yaml", 1) is None
    assert not shape.is_deleted("app.yaml") and not shape.is_deleted("unknown.yaml")


@pytest.mark.parametrize(("path", "side", "line", "shown"), [
    ("app.yaml", Side.NEW, 4, True),    # the added line
    ("app.yaml", Side.NEW, 2, True),    # context
    ("app.yaml", Side.OLD, 5, True),    # a removed line, on the old side
    ("app.yaml", Side.NEW, 5, True),    # f, context at new 5
    ("app.yaml", Side.OLD, 4, True),
    ("app.yaml", Side.NEW, 12, False),  # between hunks: not in the diff
    ("app.yaml", Side.NEW, 19, True),   # u, added in the second hunk
    ("app.yaml", Side.OLD, 20, True),   # t, context, old side
    ("gone.yaml", Side.OLD, 2, True),
    ("gone.yaml", Side.NEW, 1, False),
    ("unknown.yaml", Side.NEW, 1, False),
])
def test_shows(shape: DiffShape, path: str, side: Side, line: int, shown: bool) -> None:
    assert shape.shows(path, side, line) is shown
