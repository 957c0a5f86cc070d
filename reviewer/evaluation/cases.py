"""Loading labelled cases from folders: ``case.yaml`` plus ``before/``/``after/`` trees or a
``change.diff``. A malformed case is one clear error naming the file and line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from reviewer.errors import UserError
from reviewer.evaluation.case_model import CaseSpec, ExpectedFinding
from reviewer.yamlsource import invalid, line_of, load_file

CASE_FILE = "case.yaml"
DIFF_FILE = "change.diff"


class CaseError(UserError):
    """A case folder or its ``case.yaml`` is malformed."""


@dataclass(frozen=True)
class Case:
    """One labelled change. Trees map repository paths to bytes; a path missing from
    ``before`` is added by the change, one missing from ``after`` is deleted."""

    name: str
    folder: Path
    spec: CaseSpec
    before: Mapping[str, bytes] = field(default_factory=dict)
    after: Mapping[str, bytes] = field(default_factory=dict)
    diff: str | None = None
    """The change as a bare diff, for cases that give ``change.diff`` instead of trees."""
    finding_lines: tuple[int | None, ...] = ()
    """Line in ``case.yaml`` of each expected finding, for messages."""

    @property
    def diff_only(self) -> bool:
        return self.diff is not None

    def where(self, index: int) -> str:
        """``folder/case.yaml:LINE`` of expected finding ``index``."""
        line = self.finding_lines[index] if index < len(self.finding_lines) else None
        path = self.folder / CASE_FILE
        return f"{path}:{line}" if line else str(path)

    def changed_paths(self) -> set[str]:
        """Paths the trees differ in (tree cases only)."""
        return {p for p in self.before.keys() | self.after.keys()
                if self.before.get(p) != self.after.get(p)}


def is_case_folder(folder: Path) -> bool:
    return (folder / CASE_FILE).is_file()


def load_cases(root: Path) -> tuple[Case, ...]:
    """``root`` itself when it is a case, else every case folder below it, sorted by name."""
    if not root.is_dir():
        raise CaseError("not a folder of cases", where=str(root))
    if is_case_folder(root):
        return (load_case(root),)
    folders = sorted(p.parent for p in root.rglob(CASE_FILE) if p.is_file())
    if not folders:
        raise CaseError(f"no case folders (with a {CASE_FILE}) found", where=str(root))
    cases = tuple(load_case(folder) for folder in folders)
    seen: dict[str, Path] = {}
    for case in cases:
        if case.name in seen:
            raise CaseError(f"case name {case.name!r} is also used by {seen[case.name]}",
                            where=str(case.folder))
        seen[case.name] = case.folder
    return cases


def load_case(folder: Path) -> Case:
    spec_path = folder / CASE_FILE
    data, node, _ = load_file(spec_path, CaseError)
    if not isinstance(data, dict):
        raise CaseError("a case file must be a mapping with description, label and expect",
                        where=str(spec_path))
    try:
        spec = CaseSpec.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, node, spec_path, CaseError, "case") from None
    lines = tuple(line_of(node, ("expect", "findings", i))
                  for i in range(len(spec.expect.findings)))
    case = _with_change(Case(folder.name, folder, spec, finding_lines=lines), folder)
    _check_paths(case)
    return case


def _with_change(case: Case, folder: Path) -> Case:
    trees = [folder / side for side in ("before", "after")]
    diff_path = folder / DIFF_FILE
    has_trees = any(t.exists() for t in trees)
    if diff_path.exists():
        if has_trees:
            raise CaseError(f"give either {DIFF_FILE} or before/ and after/ trees, not both",
                            where=str(folder))
        try:
            text = diff_path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            raise CaseError(f"cannot read the diff: {exc}", where=str(diff_path)) from None
        return Case(case.name, case.folder, case.spec, diff=text,
                    finding_lines=case.finding_lines)
    if not has_trees:
        raise CaseError(f"a case needs before/ and after/ trees or a {DIFF_FILE}",
                        where=str(folder))
    before, after = (_read_tree(t) for t in trees)
    result = Case(case.name, case.folder, case.spec, before, after,
                  finding_lines=case.finding_lines)
    if not result.changed_paths():
        raise CaseError("before/ and after/ are identical: the case changes nothing",
                        where=str(folder))
    return result


def _read_tree(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    if not root.is_dir():
        raise CaseError("must be a folder holding the repository tree", where=str(root))
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            raise CaseError("symbolic links are not supported in case trees", where=str(path))
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _check_paths(case: Case) -> None:
    """Every expected finding must point at a file the change touches."""
    if case.diff_only:
        from reviewer.diff.model import Source, SourceMode
        from reviewer.diff.parse import parse_diff

        parsed = parse_diff(case.diff or "", Source(SourceMode.DIFF, str(case.folder / DIFF_FILE)))
        touched = {f.path for f in parsed.files} | {f.old_path for f in parsed.files
                                                     if f.old_path}
    else:
        touched = case.changed_paths()
    for index, expected in enumerate(case.spec.expect.findings):
        if expected.path not in touched:
            raise CaseError(f"expected finding at {expected.path}, but the change does not "
                            "touch that file", where=case.where(index))


def expected_findings(case: Case) -> tuple[tuple[ExpectedFinding, str], ...]:
    """Each expected finding with where it is written."""
    return tuple((f, case.where(i)) for i, f in enumerate(case.spec.expect.findings))
