"""``reviewer review``: diff in, findings and a verdict out, exit code from --fail-on."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from reviewer.errors import UserError
from reviewer.pipeline import ReviewRequest, review
from reviewer.render import FORMATS, RenderOptions, renderer
from reviewer.severity import EXIT_INTERNAL, FailOn, exit_code


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """What to review and with which policy: shared by every command that runs a review."""
    parser.add_argument("diff", nargs="?", metavar="DIFF",
                        help="a unified diff file, or - for stdin")
    parser.add_argument("--base", metavar="REV", help="review the change from REV to --head "
                        "(git mode: also reads each file's whole before/after text)")
    parser.add_argument("--head", metavar="REV", help="head revision in git mode (default HEAD)")
    parser.add_argument("--repo", metavar="DIR", type=Path, default=Path("."),
                        help="git repository for --base/--head (default: current directory)")
    parser.add_argument("--staged", action="store_true",
                        help="review what is staged for the next commit (HEAD → index)")
    parser.add_argument("--config", metavar="FILE", type=Path, help="policy file (git mode: "
                        "a repository path, read from the base revision)")
    parser.add_argument("--description", metavar="FILE", type=Path,
                        help="the pull request's description (Markdown), checked for the "
                        "sections the policy requires")
    parser.add_argument("--no-llm", action="store_true",
                        help="skip the LLM narrative: deterministic review only")
    parser.add_argument("--no-cache", action="store_true",
                        help="ask the LLM again even if this change's narrative is cached")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument("--output", metavar="FILE", type=Path,
                        help="write the report here instead of stdout")
    parser.add_argument("--fail-on", choices=[f.value for f in FailOn], default=None,
                        help="lowest verdict that fails the run with exit 1 (default block)")


def _description(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise UserError("description file not found", where=str(path)) from None
    except OSError as exc:
        raise UserError(f"cannot read the description: {exc.strerror}", where=str(path)) from None


def request_from(args: argparse.Namespace) -> ReviewRequest:
    base, head = args.base, args.head
    if args.staged:
        if args.diff is not None or base is not None or head is not None:
            raise UserError("--staged reviews the index against HEAD: give no diff, --base "
                            "or --head with it")
        from reviewer.diff.git import INDEX

        base, head = "HEAD", INDEX
    return ReviewRequest(diff=args.diff, base=base, head=head, repo=args.repo,
                         config=args.config, no_llm=args.no_llm, no_cache=args.no_cache,
                         description=_description(args.description))


def run(args: argparse.Namespace) -> int:
    report, policy = review(request_from(args))
    policy_fail_on = policy.fail_on if policy is not None else None
    fail_on = FailOn(args.fail_on) if args.fail_on else (policy_fail_on or FailOn.BLOCK)
    to_terminal = args.output is None and sys.stdout.isatty()
    color = to_terminal and args.format == "text" and not os.environ.get("NO_COLOR")
    rendered = renderer(args.format)(report, RenderOptions(color=color))
    if args.format == "github":
        from reviewer.render.github import append_step_summary

        append_step_summary(report)
    if args.output is not None:
        try:
            args.output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write the report: {exc.strerror}",
                            where=str(args.output)) from None
        counts = report.counts()
        print(f"reviewer: {report.verdict.value} ({counts.total()} findings) — report written "
              f"to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(rendered)
        sys.stdout.flush()
    if report.coverage.errors:
        print("reviewer: analysis incomplete: a rule failed (see the report); exiting 3",
              file=sys.stderr)
        return EXIT_INTERNAL
    return exit_code(report.verdict, fail_on)
