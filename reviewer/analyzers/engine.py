"""Runs every rule over every changed file and turns hits into findings."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple, overload

from reviewer.analyzers import matchers
from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.findings import Finding, fingerprint
from reviewer.analyzers.neighbours import Neighbours
from reviewer.analyzers.ruleset import CompiledMatch as Match
from reviewer.analyzers.ruleset import CompiledRule as Rule
from reviewer.analyzers.ruleset import RuleSet
from reviewer.analyzers.scope import Scope, ScopeClassifier, adjust
from reviewer.diff.model import ChangeSet, FileChange
from reviewer.pathglob import matches_any


class Skipped(NamedTuple):
    path: str
    why: str


class Analysis(NamedTuple):
    findings: tuple[Finding, ...]
    files: int
    analyzed: int
    skipped: tuple[Skipped, ...]
    degraded: tuple[Skipped, ...]
    """Files analyzed with less than full precision, and why (parse errors, size)."""
    errors: tuple[str, ...]
    """Rule crashes: the review is incomplete and must not pass silently."""


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_message(template: str, values: Mapping[str, str]) -> str:
    try:
        return string.Formatter().vformat(template, (), _Values(values))
    except (ValueError, IndexError, AttributeError):
        return template


class _FileResult(NamedTuple):
    findings: list[Finding]
    skipped: Skipped | None
    degraded: list[Skipped]
    errors: list[str]
    scope: Scope


PARALLEL_MIN_LINES = 20_000
"""Below this many changed lines a second process costs more than it saves."""


def analyze(changes: ChangeSet, ruleset: RuleSet,
            classifier: ScopeClassifier | None = None, jobs: int | None = None) -> Analysis:
    """Run every applicable rule on every file; combinations last, over all findings."""
    classifier = classifier or ScopeClassifier()
    results = _run(changes.files, ruleset, classifier, jobs)
    findings: list[Finding] = []
    scopes: dict[str, Scope] = {}
    for change, result in zip(changes.files, results, strict=True):
        findings.extend(result.findings)
        scopes[change.path] = result.scope
    skipped = tuple(r.skipped for r in results if r.skipped is not None)
    findings = _dedupe(findings)
    findings.extend(_combinations(ruleset.combinations, findings, scopes))
    return Analysis(tuple(_with_fingerprints(findings)), len(changes.files),
                    len(changes.files) - len(skipped), skipped,
                    tuple(d for r in results for d in r.degraded),
                    tuple(e for r in results for e in r.errors))


def _analyze_file(change: FileChange, ruleset: RuleSet,
                  classifier: ScopeClassifier, neighbours: Neighbours | None = None
                  ) -> _FileResult:
    scope = classifier.classify(change.path)
    ctx = FileContext(change, scope, neighbours)
    skipped = None
    if change.binary:
        skipped = Skipped(change.path, "binary file: contents not reviewed")
    elif change.is_submodule:
        skipped = Skipped(change.path, "submodule pointer: contents not reviewed")
    findings: list[Finding] = []
    errors: list[str] = []
    for rule in ruleset.for_path(change.path):
        for match in rule.match:
            if skipped is not None and match.kind != "file":
                continue
            try:
                # Key changes are found through an index by name and line patterns read only
                # the changed lines, both cheaper than searching the whole file's text for a
                # condition, and most find nothing: those read the text last. Checks may
                # parse the file and note what they could not read, so they come after it.
                text_last = match.kind == "key"
                if not matchers.status_conditions_hold(match, ctx) or (
                        not text_last and not matchers.text_conditions_hold(match, ctx)):
                    continue
                hits = list(matchers.HIT_FINDERS[match.kind](match, ctx))
                if text_last and hits and not matchers.text_conditions_hold(match, ctx):
                    continue
            except Exception as exc:  # a rule bug must not hide the other findings
                errors.append(f"rule {rule.id} failed on {change.path}: "
                              f"{type(exc).__name__}: {exc}")
                continue
            findings.extend(_finding(rule, ctx, hit) for hit in hits)
    degraded = [Skipped(change.path, note) for note in change.notes]
    if "structured" in ctx.__dict__ and ctx.structured.note:
        degraded.insert(0, Skipped(change.path, ctx.structured.note))
    degraded.extend(Skipped(change.path, note) for note in ctx.notes)
    return _FileResult(findings, skipped, degraded, errors, scope)


_SHARED: tuple[tuple[FileChange, ...], RuleSet, ScopeClassifier] | None = None


def _analyze_slice(bounds: tuple[int, int, int]) -> list[_FileResult]:
    assert _SHARED is not None
    files, ruleset, classifier = _SHARED
    start, stop, step = bounds
    neighbours = Neighbours(files, classifier)
    return [_analyze_file(files[i], ruleset, classifier, neighbours)
            for i in range(start, stop, step)]


def _run(files: tuple[FileChange, ...], ruleset: RuleSet, classifier: ScopeClassifier,
         jobs: int | None) -> list[_FileResult]:
    """Files are independent: big changes are spread over the CPUs (forked workers read the
    parsed change directly, nothing is pickled on the way in)."""
    import multiprocessing
    import os

    if jobs is None and os.environ.get("REVIEWER_JOBS", "").isdigit():
        jobs = int(os.environ["REVIEWER_JOBS"])
    if jobs is None:
        lines = sum(len(h.lines) for f in files for h in f.hunks)
        jobs = min(os.cpu_count() or 1, 8) if lines >= PARALLEL_MIN_LINES else 1
    if jobs <= 1 or len(files) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        neighbours = Neighbours(files, classifier)
        return [_analyze_file(f, ruleset, classifier, neighbours) for f in files]
    global _SHARED
    _SHARED = (files, ruleset, classifier)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_analyze_slice, [(k, len(files), jobs) for k in range(jobs)])
    finally:
        _SHARED = None
    results: list[_FileResult | None] = [None] * len(files)
    for k, part in enumerate(parts):
        results[k::jobs] = part
    return [r for r in results if r is not None]


def _finding(rule: Rule, ctx: FileContext, hit: Hit, scope: Scope | None = None) -> Finding:
    scope = scope or ctx.scope
    severity, note = adjust(rule.severity, scope, rule.scope)
    values = {"path": ctx.path, **hit.values}
    return Finding(
        rule_id=rule.id, category=rule.category, severity=severity, path=ctx.path,
        line=hit.line, side=hit.side, message=_masked(render_message(rule.message, values)),
        evidence=_masked(hit.evidence), fingerprint=hit.anchor, title=rule.title, key=hit.key,
        before=_masked(hit.before), after=_masked(hit.after), scope=scope.value,
        severity_note=note, remediation=rule.remediation, confidence=rule.confidence)


@overload
def _masked(text: str) -> str: ...


@overload
def _masked(text: None) -> None: ...


def _masked(text: str | None) -> str | None:
    """Evidence quotes the changed line, and reports are published (PR comments, SARIF): a
    credential on that line is masked whichever rule quoted it."""
    if not text:
        return text
    from reviewer.analyzers.checks.secrets import find_secrets, masked_line

    spans = find_secrets(text)
    return masked_line(text, spans) if spans else text


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, int, str, str]] = set()
    out = []
    for f in findings:
        key = (f.rule_id, f.path, f.line, f.side.value, f.fingerprint)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Replace each hit's anchor with a stable hash; repeats of one anchor are numbered."""
    # Deleted lines sort before added lines at the same number, as a diff shows them.
    findings.sort(key=lambda f: (f.path, f.line, f.side.value != "old", f.rule_id,
                                 f.fingerprint))
    counts: Counter[tuple[str, str, str]] = Counter()
    out = []
    for f in findings:
        slot = (f.rule_id, f.path, f.fingerprint)
        out.append(f._replace(fingerprint=fingerprint(f.rule_id, f.path, f.fingerprint,
                                                      counts[slot])))
        counts[slot] += 1
    return out


def _combinations(rules: tuple[Rule, ...], findings: list[Finding],
                  scopes: Mapping[str, Scope]) -> list[Finding]:
    out: list[Finding] = []
    for rule in rules:
        for match in rule.match:
            hit = _combination(match, findings, scopes)
            if hit is None:
                continue
            anchor, parts = hit
            evidence = "; ".join(f"{f.category} ({f.rule_id}) at {f.path}:{f.line}" for f in parts)
            severity, note = adjust(rule.severity, Scope(anchor.scope), rule.scope)
            out.append(Finding(
                rule_id=rule.id, category=rule.category, severity=severity, path=anchor.path,
                line=anchor.line, side=anchor.side,
                message=render_message(rule.message, {"path": anchor.path,
                                                      "parts": evidence}),
                evidence=evidence, fingerprint="combination:" + ",".join(
                    sorted({f"{f.rule_id}@{f.path}" for f in parts})),
                title=rule.title, scope=anchor.scope, severity_note=note,
                remediation=rule.remediation, confidence=rule.confidence))
            break
    return out


def _combination(match: Match, findings: list[Finding],
                 scopes: Mapping[str, Scope]) -> tuple[Finding, list[Finding]] | None:
    groups = list(match.all_of)
    paths = sorted({f.path for f in findings}) if match.same_file else [None]
    for only in paths:
        parts: list[Finding] = []
        for group in groups:
            if isinstance(group, dict):
                wanted_scope = group.get("scope")
                glob = group.get("path")
                files = [p for p in scopes if (only is None or p == only) and (
                    (wanted_scope is not None and scopes[p].value == wanted_scope)
                    or (glob is not None and matches_any(p, (glob,))))]
                if not files:
                    break
                continue
            slugs = (group,) if isinstance(group, str) else group
            found = next((f for f in findings if f.category in slugs and not f.waived
                          and (only is None or f.path == only)), None)
            if found is None:
                break
            parts.append(found)
        else:
            if parts:
                return parts[0], parts
    return None
