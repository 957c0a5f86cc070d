"""``reviewer rules list|test|explain``: the rule catalogue, its examples, its documentation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.errors import UserError
from reviewer.resources import rules_dir

if TYPE_CHECKING:
    from reviewer.analyzers.rule_loader import RuleBook


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    listing = sub.add_parser("list", help="list the rules")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    test = sub.add_parser("test", help="run every rule's examples (must fire / must not fire)")
    test.add_argument("ids", nargs="*", metavar="ID", help="only these rules")
    test.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    explain_cmd = sub.add_parser("explain", help="show one rule's documentation")
    explain_cmd.add_argument("id", metavar="ID")
    for p in (listing, test, explain_cmd):
        p.add_argument("--rules", metavar="DIR", type=Path, action="append", default=None,
                       help="rule folder (default: the bundled rules; repeatable)")


def _load(args: argparse.Namespace) -> RuleBook:
    from reviewer.analyzers.rule_loader import load_rulebook

    return load_rulebook(args.rules or [rules_dir()])


def run(args: argparse.Namespace) -> int:
    ruleset = _load(args)
    if args.rules_command == "list":
        return _list(ruleset, args.format)
    if args.rules_command == "explain":
        rule = ruleset.get(args.id)
        if rule is None:
            raise UserError(f"no rule with id {args.id!r} (see: reviewer rules list)")
        from reviewer.analyzers.rule_docs import explain

        sys.stdout.write(explain(rule, ruleset.sources.get(rule.id, "")))
        return 0
    return _test(ruleset, args.ids, args.quiet)


def _list(ruleset: RuleBook, fmt: str) -> int:
    if fmt == "json":
        rows = [{"id": r.id, "title": r.title, "category": r.category,
                 "severity": r.severity.value, "files": list(r.files),
                 "scope": {k.value: v.value for k, v in r.scope.items()},
                 "source": Path(ruleset.sources.get(r.id, "")).name}
                for r in ruleset.rules]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max((len(r.id) for r in ruleset.rules), default=10)
    for r in sorted(ruleset.rules, key=lambda r: (r.category, r.id)):
        sys.stdout.write(f"{r.id:<{width}}  {r.severity.value:<5}  {r.category:<26}  {r.title}\n")
    sys.stdout.write(f"\n{len(ruleset.rules)} rules in "
                     f"{len({r.category for r in ruleset.rules})} categories\n")
    return 0


def _test(ruleset: RuleBook, ids: list[str], quiet: bool) -> int:
    unknown = [i for i in ids if ruleset.get(i) is None]
    if unknown:
        raise UserError(f"unknown rule ids: {', '.join(unknown)}")
    from reviewer.analyzers.rule_examples import run_examples

    results = run_examples(ruleset, ids or None)
    failed = [r for r in results if not r.passed]
    for result in results:
        if not result.passed or not quiet:
            mark = "ok  " if result.passed else "FAIL"
            sys.stdout.write(f"{mark} {result.rule_id} {result.label}"
                             + (f": {result.problem}" if result.problem else "") + "\n")
    sys.stdout.write(f"\n{len(results) - len(failed)} of {len(results)} example checks passed "
                     f"across {len({r.rule_id for r in results})} rules\n")
    return 1 if failed else 0
