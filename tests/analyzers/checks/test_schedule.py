from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.cronfreq import runs_per_year
from reviewer.analyzers.checks.schedule import check
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("schedule", "runs"), [
    ("0 3 * * *", 365), ("*/5 * * * *", 105120), ("0 2 * * 0", 52), ("0 2 1 * *", 12),
    ("0 9-17 * * 1-5", 9 * 52 * 5), ("0 0 1,15 * mon", 24 + 52), ("@hourly", 8760),
    ("@weekly", 52), ("0 0 3 * * *", 365), ("cron(0 12 * * ? *)", 365),
    ("rate(5 minutes)", 105120), ("timedelta(hours=6)", 1460), ("daily", 365),
    ("*-*-* 02:00:00", 365), ("*:0/15", 35040), ("30min", 17520),
    ("crontab(minute=0, hour='*/3')", 2920), ("not a schedule", None),
])
def test_runs_per_year(schedule: str, runs: float | None) -> None:
    assert runs_per_year(schedule) == runs


CRON = "# m h dom mon dow command\n30 3 * * 0 /opt/bin/purge-expired --older-than 30d\n"


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("ops/cron.d/storage", CRON, CRON.replace("30 3 * * 0", "30 3 * * *"), [(2, "7")]),
    ("ops/cron.d/storage", CRON, CRON.replace("30 3 * * 0", "30 1 * * 0"), []),
    ("ops/cron.d/storage", CRON, CRON.replace("30 3 * * 0", "30 3 * * 0,3"), []),
    ("ops/cron.d/reports", "0 6 * * 0 /opt/bin/report\n", "*/5 * * * * /opt/bin/report\n", []),
    ("ops/systemd/gc-images.timer", "[Timer]\nOnCalendar=weekly\n", "[Timer]\nOnCalendar=hourly\n",
     [(2, "168")]),
    ("dags/nightly_export.py", 'dag = DAG("export", schedule="@daily")\n',
     'dag = DAG("export", schedule="@hourly")\n', []),
])
def test_destructive_jobs_run_more_often(hits: RunCheck, path: str, before: str, after: str,
                                         expected: list[tuple[int, str]]) -> None:
    found = hits(check, path, before, after, {"kind": "frequency", "factor": 4})
    assert [(h.line, h.values["factor"]) for h in found] == expected


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("0 2 * * * /bin/purge-orders --dry-run\n", "0 2 * * * /bin/purge-orders\n", [(1, Side.OLD)]),
    ("0 2 * * * /bin/purge-orders --dry-run\n", "0 2 * * * /bin/purge-orders --dry-run=false\n",
     [(1, Side.OLD)]),
    ("0 2 * * * /bin/purge-orders --dry-run\n", "0 3 * * * /bin/purge-orders --dry-run\n", []),
    ("0 2 * * * /bin/report --dry-run\n", "0 2 * * * /bin/report\n", []),
])
def test_dry_run_dropped(hits: RunCheck, before: str, after: str,
                         expected: list[tuple[int, Side]]) -> None:
    found = hits(check, "ops/crontab", before, after, {"kind": "dry-run"})
    assert [(h.line, h.side) for h in found] == expected


PURGE_JOB = "# Purges inactive accounts.\njob: purge-accounts\ndry_run: true\n"
DIGEST_JOB = "job: weekly-digest\ndry_run: true\n"


@pytest.mark.parametrize(("path", "before", "after", "destructive", "expected"), [
    # a job's configuration, not only its schedule
    ("jobs/purge/config.yaml", PURGE_JOB, PURGE_JOB.replace("true", "false"), True,
     [(3, Side.OLD)]),
    ("jobs/purge/config.json", '{"job": "purge-accounts", "dryRun": true}\n',
     '{"job": "purge-accounts", "dryRun": false}\n', True, [(1, Side.OLD)]),
    ("jobs/purge/job.env", "JOB=purge-accounts\nDRY_RUN=1\n", "JOB=purge-accounts\nDRY_RUN=0\n",
     True, [(2, Side.OLD)]),
    # destructive: false reports the other jobs, so a rule pair never reports one line twice
    ("jobs/purge/config.yaml", PURGE_JOB, PURGE_JOB.replace("true", "false"), False, []),
    ("jobs/digest/config.yaml", DIGEST_JOB, DIGEST_JOB.replace("true", "false"), False,
     [(2, Side.OLD)]),
    ("jobs/digest/config.yaml", DIGEST_JOB, DIGEST_JOB.replace("true", "false"), True, []),
    # still in dry-run mode
    ("jobs/purge/config.yaml", PURGE_JOB, PURGE_JOB.replace("purge-accounts", "purge-users"),
     True, []),
])
def test_dry_run_dropped_in_job_config(hits: RunCheck, path: str, before: str, after: str,
                                       destructive: bool,
                                       expected: list[tuple[int, Side]]) -> None:
    found = hits(check, path, before, after, {"kind": "dry-run", "destructive": destructive})
    assert [(h.line, h.side) for h in found] == expected
