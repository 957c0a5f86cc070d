#!/usr/bin/env python3
"""How the rules do on the labelled corpus, in bare-diff and git mode side by side.

    python scripts/corpus_report.py                      # fixtures/cases, both modes
    python scripts/corpus_report.py --mode git           # one mode
    python scripts/corpus_report.py --only NAME [NAME]   # some cases
    python scripts/corpus_report.py --cases DIR          # another folder of cases
    python scripts/corpus_report.py --findings           # and every case's findings

Prints per-rule hits, per-category coverage, detection rate (strict: the expected category
or rule at the expected file and severity; flagged: any finding at the expected file with at
least that severity), the false-alarm rate on benign cases, and every miss and false alarm.
Exit 0 whatever the figures; 2 for a malformed case, 3 when a rule crashed on a case.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.error_handler import guarded  # noqa: E402
from reviewer.evaluation.cases import CaseError, load_cases  # noqa: E402
from reviewer.evaluation.materialize import Mode  # noqa: E402
from reviewer.evaluation.runner import run_cases  # noqa: E402
from reviewer.evaluation.tables import render, render_cases  # noqa: E402
from reviewer.pipeline import load_ruleset  # noqa: E402
from reviewer.severity import EXIT_INTERNAL, EXIT_OK  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "fixtures" / "cases")
    parser.add_argument("--mode", choices=["diff", "git", "both"], default="both")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these cases")
    parser.add_argument("--findings", action="store_true",
                        help="also list every case's verdicts and findings")
    parser.add_argument("--debug", action="store_true", help="tracebacks for errors")
    args = parser.parse_args(argv)

    def run() -> int:
        started = time.perf_counter()
        cases = load_cases(args.cases)
        if args.only:
            unknown = sorted(set(args.only) - {c.name for c in cases})
            if unknown:
                raise CaseError(f"no such case(s): {', '.join(unknown)}", where=str(args.cases))
            cases = tuple(c for c in cases if c.name in args.only)
        modes = [Mode.DIFF, Mode.GIT] if args.mode == "both" else [Mode(args.mode)]
        summaries = run_cases(cases, load_ruleset(None)[0], modes)
        sys.stdout.write(render(summaries))
        if args.findings:
            sys.stdout.write("\nFindings per case\n" + render_cases(summaries))
        elapsed = time.perf_counter() - started
        print(f"\n{len(cases)} cases in {len(modes)} mode(s): {elapsed:.1f} s")
        crashed = any(s.errors for s in summaries.values())
        return EXIT_INTERNAL if crashed else EXIT_OK

    return guarded(run, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
