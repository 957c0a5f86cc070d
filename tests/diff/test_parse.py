from __future__ import annotations

import pytest

from reviewer.diff.model import FileStatus, LineKind, Side, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.errors import DiffError

SOURCE = Source(SourceMode.DIFF, "t.diff")

MODIFIED = b"""diff --git a/deploy/api.yaml b/deploy/api.yaml
index 1111111..2222222 100644
--- a/deploy/api.yaml
+++ b/deploy/api.yaml
@@ -3,4 +3,4 @@ metadata:
   name: api
 spec:
-  replicas: 12
+  replicas: 1
   template:
"""


def test_modified_file_lines_carry_old_and_new_numbers() -> None:
    changes = parse_diff(MODIFIED, SOURCE)
    (change,) = changes.files
    assert change.path == "deploy/api.yaml"
    assert change.status is FileStatus.MODIFIED
    (hunk,) = change.hunks
    assert (hunk.old_start, hunk.old_length, hunk.new_start, hunk.new_length) == (3, 4, 3, 4)
    assert hunk.section == "metadata:"
    assert [(ln.kind, ln.text, ln.old_no, ln.new_no) for ln in hunk.lines] == [
        (LineKind.CONTEXT, "  name: api", 3, 3),
        (LineKind.CONTEXT, "spec:", 4, 4),
        (LineKind.REMOVED, "  replicas: 12", 5, None),
        (LineKind.ADDED, "  replicas: 1", None, 5),
        (LineKind.CONTEXT, "  template:", 6, 6),
    ]
    removed = next(change.removed_lines())
    assert (removed.number, removed.side) == (5, Side.OLD)


@pytest.mark.parametrize(("diff", "path", "status", "old_path", "binary"), [
    (b"diff --git a/img.png b/img.png\nnew file mode 100644\nindex 0000000..e69de29\n"
     b"Binary files /dev/null and b/img.png differ\n", "img.png", FileStatus.ADDED, None, True),
    (b"diff --git a/old.txt b/new.txt\nsimilarity index 100%\nrename from old.txt\n"
     b"rename to new.txt\n", "new.txt", FileStatus.RENAMED, "old.txt", False),
    (b'diff --git "a/caf\\303\\251.txt" "b/caf\\303\\251.txt"\ndeleted file mode 100644\n'
     b'--- "a/caf\\303\\251.txt"\n+++ /dev/null\n@@ -1 +0,0 @@\n-hello\n',
     "caf\u00e9.txt", FileStatus.DELETED, None, False),
    (b"--- /dev/null\n+++ b/new.sql\n@@ -0,0 +1,2 @@\n+DROP TABLE x;\n+SELECT 1;\n",
     "new.sql", FileStatus.ADDED, None, False),
    (b"diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n",
     "run.sh", FileStatus.MODIFIED, None, False),
])
def test_file_kinds(diff: bytes, path: str, status: FileStatus, old_path: str | None,
                    binary: bool) -> None:
    (change,) = parse_diff(diff, SOURCE).files
    assert (change.path, change.status, change.old_path, change.binary) == (
        path, status, old_path, binary)


def test_mode_change_is_recorded() -> None:
    (change,) = parse_diff(b"diff --git a/run.sh b/run.sh\nold mode 100644\nnew mode 100755\n",
                           SOURCE).files
    assert change.mode_changed
    assert (change.old_mode, change.new_mode) == ("100644", "100755")


def test_crlf_diff_parses_like_lf() -> None:
    crlf = parse_diff(MODIFIED.replace(b"\n", b"\r\n"), SOURCE)
    assert [ln.text for ln in crlf.files[0].lines()] == [
        ln.text for ln in parse_diff(MODIFIED, SOURCE).files[0].lines()]


def test_non_utf8_bytes_are_replaced_and_noted() -> None:
    diff = MODIFIED.replace(b"replicas: 1\n", b"replicas: 1 # caf\xe9\n")
    (change,) = parse_diff(diff, SOURCE).files
    assert any("\ufffd" in ln.text for ln in change.added_lines())
    assert any("not UTF-8" in note for note in change.notes)


def test_form_feed_inside_a_line_does_not_split_it() -> None:
    diff = MODIFIED.replace(b"replicas: 1\n", b"replicas: 1 \x0c page\n")
    (change,) = parse_diff(diff, SOURCE).files
    assert [ln.text for ln in change.added_lines()] == ["  replicas: 1 \x0c page"]


def test_empty_diff_is_an_empty_change() -> None:
    changes = parse_diff(b"  \n", SOURCE)
    assert changes.files == ()
    assert changes.notes == ("the diff is empty",)


@pytest.mark.parametrize(("diff", "fragment", "line"), [
    (b"hello world\nthis is prose\n", "not a unified diff", None),
    (MODIFIED[: MODIFIED.index(b"+  replicas")], "truncated", 5),
    (b"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n*junk\n", "cannot read", 6),
    (b"--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-a\n+b\n",
     "outside the repository", 2),
    (b"--- /etc/passwd\n+++ /etc/passwd\n@@ -1 +1 @@\n-a\n+b\n", "absolute path", 2),
])
def test_bad_diffs_raise_one_clear_error(diff: bytes, fragment: str, line: int | None) -> None:
    with pytest.raises(DiffError) as info:
        parse_diff(diff, SOURCE)
    assert fragment in str(info.value)
    if line is not None:
        assert info.value.where == f"t.diff:{line}"


def test_sections_keep_line_numbers_for_errors_in_later_files() -> None:
    second = b"diff --git a/b.txt b/b.txt\n--- a/b.txt\n+++ b/b.txt\n@@ -1,3 +1,3 @@\n-x\n"
    with pytest.raises(DiffError) as info:
        parse_diff(MODIFIED + second, SOURCE)
    assert info.value.where == "t.diff:14"
