#!/usr/bin/env python3
"""How the rules do on the labelled corpus, in bare-diff and git mode side by side.

    python scripts/corpus_report.py                      # fixtures/cases, both modes
    python scripts/corpus_report.py --mode git           # one mode
    python scripts/corpus_report.py --only NAME [NAME]   # some cases
    python scripts/corpus_report.py --cases DIR          # another folder of cases
    python scripts/corpus_report.py --findings           # and every case's findings

A shortcut for `reviewer eval rules` (see the README's "Evaluating rules and prompts"), which
also writes JSON and HTML and compares with the rules of another git revision. Prints per-rule
and per-category precision and recall, the detection rate (strict: the expected category or
rule at the expected file and severity; flagged: any finding at the expected file with at
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

from reviewer.cli import main as reviewer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "fixtures" / "cases")
    parser.add_argument("--mode", choices=["diff", "git", "both"], default="both")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these cases")
    parser.add_argument("--findings", action="store_true",
                        help="also list every case's verdicts and findings")
    parser.add_argument("--debug", action="store_true", help="tracebacks for errors")
    args = parser.parse_args(argv)
    command = ["eval", "rules", str(args.cases), "--mode", args.mode]
    command += ["--only", *args.only] if args.only else []
    command += ["--findings"] if args.findings else []
    command += ["--debug"] if args.debug else []
    started = time.perf_counter()
    code = reviewer(command)
    if code in (0, 3):
        modes = 2 if args.mode == "both" else 1
        cases = len(args.only) if args.only else sum(1 for _ in args.cases.rglob("case.yaml"))
        print(f"\n{cases} cases in {modes} mode(s): {time.perf_counter() - started:.1f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
