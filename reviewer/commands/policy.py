"""``reviewer policy check|explain``: validate a policy file; show what it means for a path."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.errors import PolicyError, UserError
from reviewer.policy.source import POLICY_NAMES, locate_policy, policy_report
from reviewer.severity import EXIT_GATE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from reviewer.policy.model import Policy


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="policy_command", required=True, metavar="COMMAND")
    check = sub.add_parser("check", help="validate a policy file (exit 1: expired exceptions, "
                           "2: malformed)")
    check.add_argument("file", nargs="?", type=Path, metavar="FILE",
                       help=f"the policy file (default: {' or '.join(POLICY_NAMES)} here)")
    explain = sub.add_parser("explain", help="show the tier and effective severities for a path")
    explain.add_argument("path", metavar="PATH", help="a repository path, as a diff names it")
    explain.add_argument("--config", metavar="FILE", type=Path, help="the policy file")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    for p in (check, explain):
        p.add_argument("--base", metavar="REV",
                       help="read the policy from this git revision, as git-mode reviews do")
        p.add_argument("--repo", metavar="DIR", type=Path, default=Path("."),
                       help="git repository for --base (default: current directory)")


def run(args: argparse.Namespace) -> int:
    config = args.file if args.policy_command == "check" else args.config
    policy = locate_policy(config, repo=args.repo, base=args.base)
    if args.policy_command == "check":
        return _check(policy)
    return _explain(args.path, policy, args.format)


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def _check(policy: Policy | None) -> int:
    if policy is None or not policy.source.found:
        where = f" at {policy.source.label}" if policy is not None else ""
        raise PolicyError(f"no policy file{where} (looked for {', '.join(POLICY_NAMES)})")
    from reviewer.pipeline import load_ruleset

    ruleset, fitted = load_ruleset(policy)
    assert fitted is not None
    summary = policy_report(fitted, {}, _today())
    out = sys.stdout
    out.write(f"{fitted.source.label}: valid\n  source: {fitted.source.describe()}\n")
    out.write(f"  fail_on: {fitted.fail_on.value if fitted.fail_on else 'block (default)'}\n")
    for tier in fitted.tiers:
        how = ", ".join(x for x in (f"scope {tier.scope}" if tier.scope else "",
                                    f"shift {tier.shift}" if tier.shift else "") if x)
        out.write(f"  tier {tier.name}: {len(tier.paths)} glob(s){', ' + how if how else ''}\n")
    out.write(f"  rules: {len(ruleset.rules)} active, {len(fitted.disabled)} disabled"
              + (f", extra folders: {', '.join(summary.rule_folders)}"
                 if summary.rule_folders else "") + "\n")
    if summary.prompt_folders:
        out.write(f"  prompts: extra folders: {', '.join(summary.prompt_folders)}\n")
    out.write(f"  overrides: {len(fitted.overrides)}; requirements: "
              f"{len(fitted.requirements)}\n")
    states = summary.exceptions
    counts = {s: sum(1 for e in states if e.status == s)
              for s in ("active", "expired", "malformed")}
    out.write(f"  exceptions: {counts['active']} active, {counts['expired']} expired, "
              f"{counts['malformed']} malformed\n")
    for e in states:
        if e.status == "expired":
            out.write(f"    expired {e.where}: {e.rule} on {e.path} (owner {e.owner}) expired "
                      f"on {e.expires.isoformat() if e.expires else '?'}\n")
        elif e.status == "malformed":
            out.write(f"    malformed {e.where}: {e.problem}\n")
    if counts["malformed"]:
        first = next(e for e in states if e.status == "malformed")
        print(f"reviewer: error: {first.where}: malformed exception: {first.problem}",
              file=sys.stderr)
        return EXIT_USAGE
    return EXIT_GATE if counts["expired"] else EXIT_OK


def _explain(path: str, policy: Policy | None, fmt: str) -> int:
    from reviewer.analyzers.rule_cache import load_ruleset as load_all
    from reviewer.pipeline import load_ruleset
    from reviewer.policy.explain import as_json, as_text, explain_path
    from reviewer.resources import rules_dir

    if not path.strip():
        raise UserError("give a repository path to explain")
    ruleset, fitted = load_ruleset(policy)
    full = load_all([rules_dir(), *(fitted.rule_dirs if fitted else ())])
    explained = explain_path(path, fitted, ruleset, full, _today())
    source = fitted.source if fitted is not None else None
    if fmt == "json":
        from reviewer.report import policy_json

        summary = policy_report(fitted, {}, _today())
        sys.stdout.write(json.dumps(as_json(explained, policy_json(summary)), indent=2) + "\n")
    else:
        sys.stdout.write(as_text(explained, source.describe() if source else
                                 "no policy file: defaults"))
    return EXIT_OK
