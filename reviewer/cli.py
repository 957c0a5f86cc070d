"""Command-line entry point: parse arguments, dispatch to a subcommand, return its exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reviewer import __version__
from reviewer.error_handler import guarded


def build_parser() -> argparse.ArgumentParser:
    from reviewer.commands import comment, policy, review, rules
    from reviewer.commands import eval as evaluate

    parser = argparse.ArgumentParser(
        prog="reviewer",
        description="Review a change for control-plane and configuration risk.")
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    review_parser = sub.add_parser("review", parents=[common], help="review a diff")
    review.add_arguments(review_parser)
    review_parser.set_defaults(handler=review.run)
    rules_parser = sub.add_parser("rules", parents=[common], help="list, test, explain rules")
    rules.add_arguments(rules_parser)
    rules_parser.set_defaults(handler=rules.run)
    policy_parser = sub.add_parser("policy", parents=[common],
                                   help="check a policy file, explain it for a path")
    policy.add_arguments(policy_parser)
    policy_parser.set_defaults(handler=policy.run)
    comment_parser = sub.add_parser("comment", parents=[common],
                                    help="review and publish the report on a pull request")
    comment.add_arguments(comment_parser)
    comment_parser.set_defaults(handler=comment.run)
    eval_parser = sub.add_parser("eval", parents=[common],
                                 help="measure rules and prompts on labelled cases")
    evaluate.add_arguments(eval_parser)
    eval_parser.set_defaults(handler=evaluate.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return guarded(lambda: int(args.handler(args)), debug=getattr(args, "debug", False))


if __name__ == "__main__":
    sys.exit(main())
