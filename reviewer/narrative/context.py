"""The change as the model sees it: redacted, numbered, and cut to a token budget.

What goes in first: the deterministic findings, then the hunks they sit in, then the other
hunks by risk (control-plane and production paths, then configuration before code, smaller
hunks before larger). What does not fit is listed, never dropped silently. Deleted lines keep
their old-file numbers so a concern about a removed guard can point at it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from reviewer.analyzers.findings import Finding
from reviewer.analyzers.scope import Scope, ScopeClassifier
from reviewer.diff.model import ChangeSet, DiffLine, FileChange, FileStatus, Hunk, LineKind
from reviewer.narrative.redaction import Redactor
from reviewer.severity import Severity

FINDINGS_SHARE = 0.3
"""At most this part of the budget goes to the findings list."""
WINDOW = 12
"""Lines kept either side of a finding when its hunk is too big to show whole."""
CHARS_PER_TOKEN_MAX = 8
"""Text longer than this many characters per remaining token cannot fit; not worth counting."""
GIVE_UP_AFTER = 25
"""Once this many hunks in a row did not fit, the rest are listed without trying."""

_SCOPE_RANK = {Scope.CONTROL_PLANE: 0, Scope.PROD: 1, Scope.DEFAULT: 2, Scope.NONPROD: 3,
               Scope.TEST: 4}
_CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".tf", ".tfvars", ".hcl", ".ini", ".cfg",
                    ".conf", ".env", ".properties", ".sql", ".rego", ".xml")
_SEVERITY_RANK = {Severity.BLOCK: 0, Severity.WARN: 1, Severity.INFO: 2}


class Clipped(NamedTuple):
    path: str
    why: str


class Context(NamedTuple):
    findings: str
    diff: str
    tokens: int
    """Tokens of the findings and diff as shown."""
    clipped: tuple[Clipped, ...]
    hunks_shown: int
    hunks_total: int


class _Unit(NamedTuple):
    rank: tuple[int | str, ...]
    file_index: int
    hunk_index: int
    lines: tuple[DiffLine, ...]
    focus: frozenset[int]
    """Indexes of lines with a finding."""


def build_context(changes: ChangeSet, findings: Sequence[Finding], budget: int,
                  redactor: Redactor, count: Callable[[str], int],
                  classifier: ScopeClassifier | None = None) -> Context:
    classifier = classifier or ScopeClassifier()
    clipped: list[Clipped] = []
    findings_text, used = _findings_block(findings, int(budget * FINDINGS_SHARE), redactor,
                                          count, clipped)
    shown: dict[int, dict[int, list[str]]] = {}
    first_rank: dict[int, tuple[int | str, ...]] = {}
    units = sorted(_units(changes, findings, classifier))
    misses = 0
    for unit in units:
        change = changes.files[unit.file_index]
        hunk = change.hunks[unit.hunk_index]
        label = (f"hunk @@ -{hunk.old_start},{hunk.old_length} "
                 f"+{hunk.new_start},{hunk.new_length} @@")
        if misses >= GIVE_UP_AFTER and not unit.focus:
            clipped.append(Clipped(change.path, f"{label} left out: over the {budget}-token "
                                                f"budget"))
            continue
        header = "" if unit.file_index in shown else _header(change, classifier)
        raw = sum(len(line.text) for line in unit.lines)
        # Rendering redacts every line: skip it for hunks that cannot fit whole.
        whole_fits = raw <= (budget - used) * CHARS_PER_TOKEN_MAX
        rendered = _render(unit, change, redactor) if whole_fits else ""
        cost = _cost(header + rendered, budget - used, count) if whole_fits else None
        windowed = cost is None and bool(unit.focus)
        if windowed:
            rendered = _render(unit, change, redactor, window=True)
            cost = _cost(header + rendered, budget - used, count)
        if cost is None:
            misses += 1
            clipped.append(Clipped(change.path, f"{label} left out: over the {budget}-token "
                                                f"budget"))
            continue
        if windowed:
            clipped.append(Clipped(change.path, f"{label} shown only around its findings"))
        used += cost
        misses = 0
        first_rank.setdefault(unit.file_index, unit.rank)
        shown.setdefault(unit.file_index, {})[unit.hunk_index] = [header, rendered]
    diff_parts = []
    for file_index in sorted(shown, key=lambda i: first_rank[i]):
        for _, (header, rendered) in sorted(shown[file_index].items()):
            diff_parts.append(header + rendered)
    for change in changes.files:
        if not change.hunks:
            diff_parts.append(_header(change, classifier))
            if change.binary:
                clipped.append(Clipped(change.path, "binary file: content not shown"))
    diff_text = "".join(diff_parts).rstrip("\n")
    return Context(findings_text, diff_text, count(findings_text) + count(diff_text),
                   tuple(clipped), sum(len(h) for h in shown.values()), len(units))


def _cost(text: str, remaining: int, count: Callable[[str], int]) -> int | None:
    if remaining <= 0 or len(text) > remaining * CHARS_PER_TOKEN_MAX:
        return None
    tokens = count(text)
    return tokens if tokens <= remaining else None


def _findings_block(findings: Sequence[Finding], budget: int, redactor: Redactor,
                    count: Callable[[str], int], clipped: list[Clipped]) -> tuple[str, int]:
    if not findings:
        return "(none)", 2
    lines, used = [], 0
    left_out: dict[str, int] = {}
    ordered = sorted(findings, key=lambda f: (_SEVERITY_RANK[f.severity], f.path, f.line))
    for f in ordered:
        waived = " (waived)" if f.waived else ""
        line = redactor.line(
            f"- [{f.severity.value}{waived}] {f.rule_id} ({f.category}) at {f.path}:{f.line} "
            f"{f.side.value}: {' '.join(f.message.split())}"
            + (f" | evidence: {' '.join(f.evidence.split())[:240]}" if f.evidence else ""))
        cost = count(line + "\n")
        if used + cost > budget:
            left_out[f.path] = left_out.get(f.path, 0) + 1
            continue
        lines.append(line)
        used += cost
    for path, n in left_out.items():
        clipped.append(Clipped(path, f"{n} finding{'s' if n != 1 else ''} not listed in the "
                                     f"prompt (budget)"))
    return "\n".join(lines), used


def _units(changes: ChangeSet, findings: Sequence[Finding],
           classifier: ScopeClassifier) -> list[_Unit]:
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    units = []
    for file_index, change in enumerate(changes.files):
        scope_rank = _SCOPE_RANK[classifier.classify(change.path)]
        kind_rank = 0 if change.path.lower().endswith(_CONFIG_SUFFIXES) else 1
        for hunk_index, hunk in enumerate(change.hunks):
            focus, worst = _focus(hunk, by_file.get(change.path, ()))
            if focus:
                rank: tuple[int | str, ...] = (0, worst, scope_rank, file_index, hunk_index)
            else:
                rank = (1, scope_rank, kind_rank, len(hunk.lines), file_index, hunk_index)
            units.append(_Unit(rank, file_index, hunk_index, hunk.lines, frozenset(focus)))
    return units


def _focus(hunk: Hunk, findings: Sequence[Finding]) -> tuple[set[int], int]:
    focus, worst = set(), 3
    for index, line in enumerate(hunk.lines):
        for f in findings:
            number = line.old_no if f.side.value == "old" else line.new_no
            if number == f.line and (line.kind is LineKind.REMOVED) == (f.side.value == "old"):
                focus.add(index)
                worst = min(worst, _SEVERITY_RANK[f.severity])
    return focus, worst


def _header(change: FileChange, classifier: ScopeClassifier) -> str:
    status = change.status.value
    if change.status is FileStatus.RENAMED and change.old_path:
        status = f"renamed from {change.old_path}"
    if change.binary:
        status += ", binary"
    elif not change.hunks:
        status += ", no content shown"
    return f"### {change.path} ({status}, scope {classifier.classify(change.path).value})\n"


def _render(unit: _Unit, change: FileChange, redactor: Redactor, window: bool = False) -> str:
    hunk = change.hunks[unit.hunk_index]
    texts = redactor.lines(line.text for line in unit.lines)
    keep: Sequence[int] = range(len(unit.lines))
    if window:
        keep = sorted({i for f in unit.focus
                       for i in range(max(f - WINDOW, 0), min(f + WINDOW + 1, len(unit.lines)))})
    out = [f"@@ -{hunk.old_start},{hunk.old_length} +{hunk.new_start},{hunk.new_length} @@"
           + (f" {redactor.line(hunk.section)}" if hunk.section else "")]
    previous = -1
    for index in keep:
        if index != previous + 1:
            out.append("…")
        line = unit.lines[index]
        sign = line.kind.value
        out.append(f"{sign} {line.number}: {texts[index]}")
        previous = index
    if window and previous != len(unit.lines) - 1:
        out.append("…")
    return "\n".join(out) + "\n"
