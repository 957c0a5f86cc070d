"""``reviewer comment --github``: review the change and publish the report on the pull request.

Exit codes are about publishing, never about the verdict (``reviewer review`` is the gate):
0 the comment was created, updated or already current (or ``--dry-run``); 2 bad input or
usage (no token, no pull request, a bad diff); 3 internal error; 4 GitHub refused the call or
could not be reached (one line on stderr says which and what to fix).
"""

from __future__ import annotations

import argparse
import os
import sys

from reviewer.commands import review as review_command
from reviewer.pipeline import review

EXIT_NOT_PUBLISHED = 4


def add_arguments(parser: argparse.ArgumentParser) -> None:
    review_command.add_input_arguments(parser)
    parser.add_argument("--github", action="store_true", required=True,
                        help="publish on a GitHub pull request (token from GITHUB_TOKEN)")
    parser.add_argument("--pr", metavar="NUMBER", type=int,
                        help="pull request number (default: from the Actions event payload)")
    parser.add_argument("--github-repository", metavar="OWNER/NAME",
                        help="repository (default: $GITHUB_REPOSITORY)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the comment and the inline comments instead of posting")


def run(args: argparse.Namespace) -> int:
    from reviewer.publish import pr_comment
    from reviewer.publish.github_api import GitHubClient, PublishError
    from reviewer.publish.github_context import target_from, token_from

    request = review_command.request_from(args)
    if args.dry_run:
        report, _ = review(request)
        sys.stdout.write(pr_comment.comment_body(report))
        for inline in pr_comment.inline_comments(report):
            print(f"reviewer: would comment on {inline.path}:{inline.line} ({inline.side})",
                  file=sys.stderr)
        return 0
    # Where to post and with what token, before spending time on the review.
    target = target_from(os.environ, args.github_repository, args.pr)
    client = GitHubClient(target.api_url, target.repository, token_from(os.environ))
    report, _ = review(request)
    where = f"{target.repository}#{target.number}"
    try:
        outcome = pr_comment.publish(client, target.number, report,
                                     target.head_sha or report.source.head)
    except PublishError as exc:
        print(f"reviewer: comment not posted on {where}: {exc}", file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    done = {"created": "posted", "updated": "updated",
            "unchanged": "already up to date, nothing posted"}[outcome.summary]
    print(f"reviewer: summary comment on {where} {done}"
          + (f" ({outcome.url})" if outcome.url else ""), file=sys.stderr)
    if outcome.inline_posted:
        print(f"reviewer: {outcome.inline_posted} inline comment"
              f"{'s' if outcome.inline_posted != 1 else ''} posted", file=sys.stderr)
    if outcome.inline_error is not None:
        print(f"reviewer: inline comments not posted on {where}: {outcome.inline_error}",
              file=sys.stderr)
        return EXIT_NOT_PUBLISHED
    return 0
