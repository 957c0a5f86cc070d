"""GitHub Actions workflow commands: one annotation per finding, worst first, and a job summary.

Annotations sit at the head revision (GitHub shows them on the pull request's files); a
finding on a deleted line goes to the nearest surviving line and names its old line. GitHub
shows only the first few annotations of each kind per step, hence the order.
"""

from __future__ import annotations

import os
import sys

from reviewer.analyzers.findings import Finding
from reviewer.render import RenderOptions
from reviewer.render.grouping import counts_text, worst_first
from reviewer.render.markdown import render_markdown
from reviewer.render.placement import place, with_note
from reviewer.report import Report
from reviewer.severity import Severity

SUMMARY_LIMIT = 250_000
"""Characters for the job summary: GitHub takes 1 MiB a step, and a character may take 4 bytes."""

_COMMANDS = {Severity.BLOCK: "error", Severity.WARN: "warning", Severity.INFO: "notice"}


def command(finding: Finding) -> str:
    """The workflow command for a finding: waived ones are notices whatever their severity."""
    return "notice" if finding.waived else _COMMANDS[finding.severity]


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, options: RenderOptions) -> str:
    lines = [annotation(report, f) for f in worst_first(report.findings)]
    lines += [f"::error::{escape_data('reviewer: analysis incomplete: ' + e)}"
              for e in report.coverage.errors]
    lines.append(f"reviewer: {report.verdict.value.upper()} — {counts_text(report)} "
                 f"({report.coverage.files} files changed, {report.coverage.analyzed} analyzed)")
    lines += [f"  {reason}" for reason in report.decision.reasons]
    return "\n".join(lines) + "\n"


def annotation(report: Report, f: Finding) -> str:
    where = place(report, f)
    props = [f"file={escape_property(where.path)}"]
    if where.line is not None:
        props.append(f"line={where.line}")
    title = f"{'waived: ' if f.waived else ''}{f.title or f.rule_id} [{f.rule_id}]"
    props.append(f"title={escape_property(title)}")
    return f"::{command(f)} {','.join(props)}::{escape_data(with_note(f.message, where))}"


def append_step_summary(report: Report) -> None:
    """Add the Markdown report to the job summary when running in GitHub Actions.

    A summary that cannot be written costs one line on stderr, never the review's outcome.
    """
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(render_markdown(report, SUMMARY_LIMIT) + "\n")
    except OSError as exc:
        print(f"reviewer: warning: cannot write the job summary to {target}: {exc.strerror}",
              file=sys.stderr)
