"""Destructive jobs (purge, cleanup, retention, gc): scheduled to run much more often, or no
longer in dry-run mode.

A schedule line is paired with its replacement by what it schedules: the command for crontab
lines, otherwise the line with the schedule itself blanked out (``- cron: "..."``). The job
counts as destructive when its command, the file's path or the file's text names a
destructive action; a schedule change on a report or a backup job is not reported.

Dry-run mode counts as dropped when a line that turned it on (``--dry-run``,
``dry_run: true``, ``"dryRun": true``, ``DRY_RUN=1``) is deleted and no added line turns it
on again, in a schedule or in any job's configuration. Option ``destructive: false`` reports
it on jobs that name no destructive action instead (a plain safeguard switched off).
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.cronfreq import runs_per_year
from reviewer.analyzers.checks.lineviews import code_lines, unmatched_removals
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine, LineKind

DESTRUCTIVE = re.compile(
    r"(?i)(?<![a-z])(?:purge|purging|clean[-_ ]?up|cleaner|delete|deletes|deleting|deletion"
    r"|prune|pruning|gc|garbage[-_ ]?collect\w*|reap|reaper|expire|expiry|retention|vacuum|wipe"
    r"|truncate|drop|evict|eviction|remove[-_ ]old|destroy)(?![a-z])")
_DRY_RUN = re.compile(r"""(?i)--dry-?run(?!\s*=\s*["']?(?:false|0|no)\b)
                          |\bdry[-_]?run["']?\s*[=:]\s*["']?(?:true|1|yes|on)\b""", re.X)
_QUOTED = r"""["'](?P<q>[^"']+)["']"""
_SCHEDULES = (
    re.compile(r"(?i)\b(?:cron|schedule|schedule_interval|cron_expression)\s*[:=]\s*"
               r"(?P<v>(?:timedelta|crontab)\([^)]*\)|" + _QUOTED + ")"),
    re.compile(r"(?i)\b(?:schedule|run_every)\s*[:=]\s*(?P<v>(?:timedelta|crontab)\([^)]*\))"),
    re.compile(r"(?i)^\s*(?:OnCalendar|OnUnitActiveSec|OnUnitInactiveSec)\s*=\s*(?P<v>.+?)\s*$"),
    re.compile(r"(?i)\bScheduleExpression\s*[:=]\s*" + _QUOTED),
)
_CRONTAB = re.compile(r"^\s*(?P<v>@\w+|(?:[\w*?,/-]+\s+){4}[\w*?,/-]+)\s+(?P<cmd>\S.*)$")
_ENV_LINE = re.compile(r"^\s*[A-Z_][A-Z0-9_]*\s*=")


class _Scheduled(NamedTuple):
    line: DiffLine
    key: str
    """What is scheduled: the command, or the line with its schedule blanked out."""
    runs: float
    command: str


def _crontab_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name in ("crontab", "cron") or name.endswith((".crontab", ".cron")) or \
        "/cron.d/" in f"/{path.lower()}"


def _schedules(lines: Iterable[DiffLine], crontab: bool) -> Iterator[_Scheduled]:
    for line in code_lines(lines):
        text = line.text
        if crontab and not _ENV_LINE.match(text):
            match = _CRONTAB.match(text)
            if match:
                runs = runs_per_year(match.group("v"))
                if runs is not None:
                    command = match.group("cmd").strip()
                    yield _Scheduled(line, " ".join(command.split()), runs, command)
                continue
        for pattern in _SCHEDULES:
            match = pattern.search(text)
            if match is None:
                continue
            value = match.group("q") if match.groupdict().get("q") else match.group("v")
            runs = runs_per_year(value)
            if runs is not None:
                start, end = match.span("q") if match.groupdict().get("q") else match.span("v")
                yield _Scheduled(line, (text[:start] + "…" + text[end:]).strip(), runs, "")
            break


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``kind``: ``frequency`` (default) with ``factor`` (default 4), or
    ``dry-run`` with ``destructive`` (default true: destructive jobs; false: the others)."""
    if str(options.get("kind", "frequency")) == "dry-run":
        return _dry_run_dropped(ctx, bool(options.get("destructive", True)))
    return _more_often(ctx, float(options.get("factor", 4)))


def _destructive_file(ctx: FileContext) -> bool:
    return bool(DESTRUCTIVE.search(ctx.path) or DESTRUCTIVE.search(ctx.visible_text))


def _more_often(ctx: FileContext, factor: float) -> Iterator[Hit]:
    crontab = _crontab_file(ctx.path)
    old: dict[str, deque[_Scheduled]] = defaultdict(deque)
    for entry in _schedules(ctx.change.removed_lines(), crontab):
        old[entry.key].append(entry)
    file_is_destructive: bool | None = None
    for entry in _schedules(ctx.change.added_lines(), crontab):
        if not old[entry.key]:
            continue
        before = old[entry.key].popleft()
        if entry.runs < before.runs * factor:
            continue
        if entry.command:
            destructive = bool(DESTRUCTIVE.search(entry.command))
        else:
            if file_is_destructive is None:
                file_is_destructive = _destructive_file(ctx)
            destructive = file_is_destructive
        if destructive:
            line = entry.line
            yield Hit(line.number, line.side, line.text.strip()[:240],
                      anchor=f"schedule:{entry.key}",
                      values={"old": _per_day(before.runs), "new": _per_day(entry.runs),
                              "factor": f"{entry.runs / before.runs:.0f}"})


def _per_day(runs: float) -> str:
    if runs >= 365:
        return f"{runs / 365:.0f}/day"
    return f"{round(runs / 52, 1):g}/week" if runs >= 52 else f"{runs:.0f}/year"


def _dry_run_deleted(ctx: FileContext) -> bool:
    removed = ctx.joined(LineKind.REMOVED)
    return "dry" in ctx.joined(LineKind.REMOVED, lowered=True) and \
        _DRY_RUN.search(removed) is not None


def _dry_run_dropped(ctx: FileContext, destructive: bool) -> Iterator[Hit]:
    # Only a deleted line can drop dry-run: one search over them settles most files (once
    # for the two rules that ask, about destructive jobs and about the others).
    if not ctx.memo("dry-run-removed", _dry_run_deleted):
        return
    file_is_destructive = _destructive_file(ctx)

    def tokens(text: str) -> list[str]:
        if not _DRY_RUN.search(text):
            return []
        named = file_is_destructive or DESTRUCTIVE.search(text) is not None
        return ["dry-run"] if named is destructive else []

    for removal in unmatched_removals(ctx.change, tokens):
        line = removal.line
        yield Hit(line.number, line.side, line.text.strip()[:240], anchor="dry-run",
                  values={"line_text": line.text.strip()[:120]})
