"""``reviewer eval rules|prompts|diff``: measure a rule or prompt change on labelled cases.

Exit codes: 0 when the run finished (the figures are for people, not a gate), 2 for bad input
or usage, 3 when a rule crashed on a case, 130 when Ctrl-C stopped the run (the results
finished so far are written first).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer import __version__
from reviewer.errors import UserError
from reviewer.resources import rules_dir
from reviewer.severity import EXIT_INTERNAL, EXIT_OK

if TYPE_CHECKING:
    from reviewer.evaluation.cases import Case
    from reviewer.evaluation.progress import Progress
    from reviewer.evaluation.results import Results

DEFAULT_CASES = Path("fixtures/cases")
DEFAULT_CASSETTES = Path("fixtures/cassettes/eval")
EXIT_INTERRUPTED = 130


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="eval_command", required=True, metavar="COMMAND")
    rules = sub.add_parser("rules", help="precision and recall of the rules on labelled cases")
    prompts = sub.add_parser("prompts", help="score the LLM narrative on labelled cases")
    for p in (rules, prompts):
        p.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES, metavar="CASES",
                       help=f"a folder of labelled cases, or one case (default {DEFAULT_CASES})")
        p.add_argument("--only", nargs="+", metavar="NAME", help="run only these cases")
        p.add_argument("--rules", metavar="DIR", type=Path, action="append", default=None,
                       help="rule folder (default: the bundled rules; repeatable)")
        p.add_argument("--output", metavar="FILE", type=Path,
                       help="write the results as JSON (rewritten as the run goes)")
        p.add_argument("--html", metavar="FILE", type=Path,
                       help="write a static HTML report with a view of every case")
        p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    rules.add_argument("--mode", choices=("diff", "git", "both"), default="both",
                       help="review each case as a bare diff, in git mode, or both (default)")
    rules.add_argument("--compare", metavar="REV",
                       help="also run the rules as they are at git revision REV and show what "
                       "changed: new hits, lost hits, new false findings")
    rules.add_argument("--findings", action="store_true",
                       help="also list every case's verdicts and findings")
    prompts.add_argument("--prompt", required=True, metavar="NAME@VERSION",
                         help="prompt to evaluate, e.g. risk-narrative@v1")
    prompts.add_argument("--compare", metavar="NAME@VERSION",
                         help="a second prompt to run on the same cases, side by side")
    source = prompts.add_mutually_exclusive_group()
    source.add_argument("--replay", action="store_true",
                        help="replay recorded cassettes instead of calling the endpoint")
    source.add_argument("--record", action="store_true",
                        help="call the endpoint and (re)write the cassettes, credentials "
                        "filtered")
    prompts.add_argument("--runs", type=int, default=1, metavar="N",
                         help="narratives per case and prompt, to measure stability (default 1)")
    prompts.add_argument("--cassettes", type=Path, default=DEFAULT_CASSETTES, metavar="DIR",
                         help=f"cassette folder (default {DEFAULT_CASSETTES})")
    prompts.add_argument("--mode", choices=("diff", "git"), default="diff",
                         help="what the narrative sees: the bare diff (default), or git mode "
                         "with whole texts and the repository tools")
    prompts.add_argument("--prompts", metavar="DIR", type=Path, action="append", default=None,
                         help="a team's prompt folder, searched before the bundled prompts")
    prompts.add_argument("--prices", metavar="FILE", type=Path,
                         help="model prices (USD per million tokens) overriding the built-in "
                         "table")
    diff = sub.add_parser("diff", help="what changed between two results files")
    diff.add_argument("before", type=Path, metavar="A.json")
    diff.add_argument("after", type=Path, metavar="B.json")
    diff.add_argument("--output", metavar="FILE", type=Path,
                      help="write the comparison as JSON")


def run(args: argparse.Namespace) -> int:
    if args.eval_command == "diff":
        return _diff(args)
    from reviewer.evaluation.cases import CaseError, load_cases

    cases = load_cases(args.cases)
    if args.only:
        unknown = sorted(set(args.only) - {c.name for c in cases})
        if unknown:
            raise CaseError(f"no such case(s): {', '.join(unknown)}", where=str(args.cases))
        cases = tuple(c for c in cases if c.name in args.only)
    if args.eval_command == "rules":
        return _rules(args, cases)
    return _prompts(args, cases)


def _progress(args: argparse.Namespace, total: int, label: str) -> Progress:
    from reviewer.evaluation.progress import Progress

    return Progress(total, label, enabled=False if args.no_progress else None)


def _writer(path: Path | None) -> Callable[[Results], None] | None:
    if path is None:
        return None
    from reviewer.evaluation.results import write_results

    def save(results: Results) -> None:
        write_results(results, path)

    return save


def _finish(args: argparse.Namespace, results: Results, text: str, title: str) -> int:
    sys.stdout.write(text)
    if args.html is not None:
        from reviewer.evaluation.html_report import render_html

        try:
            args.html.write_text(render_html(results, title), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write the HTML report: {exc.strerror}",
                            where=str(args.html)) from None
    if results.interrupted:
        where = f"; partial results in {args.output}" if args.output else ""
        print(f"reviewer: interrupted after {len(results.cases)} case(s){where}",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    crashed = any(o.errors for c in results.cases for o in c.modes.values())
    return EXIT_INTERNAL if crashed else EXIT_OK


def _rules(args: argparse.Namespace, cases: Sequence[Case]) -> int:
    from reviewer.analyzers.rule_cache import load_ruleset
    from reviewer.evaluation.compare import render_changes, rule_changes, rule_figures
    from reviewer.evaluation.materialize import Mode
    from reviewer.evaluation.results import Comparison, Settings
    from reviewer.evaluation.rule_eval import evaluate_rules
    from reviewer.evaluation.tables import render, render_cases

    folders = [f.resolve() for f in args.rules] if args.rules else [rules_dir()]
    modes = [Mode.DIFF, Mode.GIT] if args.mode == "both" else [Mode(args.mode)]
    settings = Settings(cases=str(args.cases), modes=[m.value for m in modes],
                        rules=[str(f) for f in folders], reviewer=__version__)
    ruleset = load_ruleset(folders)
    baseline = None
    if args.compare:
        from reviewer.evaluation.rule_revision import load_rules_at, rules_at

        with rules_at(args.compare, folders) as copies:
            old_rules = load_rules_at(args.compare, copies, folders)
        progress = _progress(args, len(cases), f"rules at {args.compare}")
        baseline = evaluate_rules(cases, old_rules, modes, settings, advance=progress.advance)
        progress.close()
        if baseline.results.interrupted:
            print("reviewer: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
    save = _writer(args.output)
    progress = _progress(args, len(cases), "rules")
    now = evaluate_rules(cases, ruleset, modes, settings, advance=progress.advance, save=save)
    progress.close()
    text = render(now.summaries)
    if args.findings:
        text += "\nFindings per case\n" + render_cases(now.summaries)
    results = now.results
    if baseline is not None and not results.interrupted:
        changes = rule_changes(baseline.results, results)
        results = results.model_copy(update={"comparison": Comparison(
            before=args.compare, after="working tree", rules=baseline.results.rules,
            changes=changes)})
        if save is not None:
            save(results)
        figures = rule_figures(baseline.results.rules, results.rules, (args.compare, "now"))
        text += "\n".join(["", f"Compared with the rules at {args.compare}", "", *figures,
                           *render_changes(changes)]) + "\n"
    return _finish(args, results, text, "reviewer eval rules")


def _prompts(args: argparse.Namespace, cases: Sequence[Case]) -> int:
    from dataclasses import replace

    from reviewer.analyzers.rule_cache import load_ruleset
    from reviewer.evaluation.materialize import Mode
    from reviewer.evaluation.prices import load_prices
    from reviewer.evaluation.prompt_eval import PromptPlan, Source, evaluate_prompts
    from reviewer.evaluation.prompt_tables import render_prompts
    from reviewer.evaluation.results import Settings
    from reviewer.narrative.errors import NarrativeError
    from reviewer.narrative.prompts import find_prompt
    from reviewer.narrative.settings import configured, resolve

    if args.runs < 1:
        raise UserError("--runs must be at least 1")
    source = Source.REPLAY if args.replay else Source.RECORD if args.record else Source.LIVE
    if source is not Source.REPLAY and not configured(None):
        raise UserError("no LLM endpoint: set OPENAI_API_KEY and/or OPENAI_BASE_URL (and "
                        "REVIEWER_MODEL), or replay recorded cassettes with --replay")
    folders = tuple(p.resolve() for p in args.prompts or ())
    try:
        endpoint = replace(resolve(None), prompt_dirs=folders)
        refs = tuple(dict.fromkeys(find_prompt(ref, folders).ref
                                   for ref in (args.prompt, args.compare) if ref))
    except NarrativeError as exc:
        raise UserError(str(exc)) from None
    rule_folders = [f.resolve() for f in args.rules] if args.rules else [rules_dir()]
    live = source is not Source.REPLAY
    plan = PromptPlan(refs, source, args.runs, args.cassettes, endpoint,
                      load_prices(args.prices), Mode(args.mode))
    settings = Settings(cases=str(args.cases), modes=[args.mode],
                        rules=[str(f) for f in rule_folders], prompts=list(refs),
                        source=source.value, model=endpoint.model if live else None,
                        base_url=endpoint.base_url if live else None, runs=args.runs,
                        cassettes=str(args.cassettes), reviewer=__version__)
    progress = _progress(args, len(cases), "narratives")
    results = evaluate_prompts(cases, load_ruleset(rule_folders), plan, settings,
                               advance=progress.advance, save=_writer(args.output))
    progress.close()
    return _finish(args, results, render_prompts(results), "reviewer eval prompts")


def _diff(args: argparse.Namespace) -> int:
    from reviewer.evaluation.compare import (
        compare_results,
        prompt_figures,
        render_changes,
        rule_figures,
    )
    from reviewer.evaluation.results import read_results

    before, after = read_results(args.before), read_results(args.after)
    comparison = compare_results(before, after, str(args.before), str(args.after))
    names = (args.before.name, args.after.name)
    if before.kind == "rules":
        figures = rule_figures(before.rules, after.rules, names)
    elif before.prompts and after.prompts:
        figures = prompt_figures(before.prompts[0], after.prompts[0], names)
    else:
        figures = []
    lines = [f"{before.kind}: {comparison.before} -> {comparison.after}", "", *figures,
             *render_changes(comparison.changes)]
    sys.stdout.write("\n".join(lines) + "\n")
    if args.output is not None:
        import json

        try:
            args.output.write_text(json.dumps(comparison.model_dump(mode="json"), indent=1)
                                   + "\n", encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write: {exc.strerror}", where=str(args.output)) from None
    return EXIT_OK
