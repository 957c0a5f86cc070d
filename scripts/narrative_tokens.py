#!/usr/bin/env python3
"""Token counts of the narrative's prompt, measured offline (nothing is sent anywhere).

    python scripts/narrative_tokens.py                  # one-file PR and a 2,000-line PR
    python scripts/narrative_tokens.py change.diff ...  # your own diffs
    python scripts/narrative_tokens.py --show change.diff   # print the prompt as it would be sent

For each diff: tokens of the first request (system + user message, cl100k_base), of the change
alone as shown, and what the change would cost unclipped, with the hunks shown and left out
under the context budget (REVIEWER_LLM_CONTEXT_TOKENS, default 16,000).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.analyzers.engine import analyze  # noqa: E402
from reviewer.analyzers.rule_cache import load_ruleset  # noqa: E402
from reviewer.diff.model import Source, SourceMode  # noqa: E402
from reviewer.diff.parse import parse_diff  # noqa: E402
from reviewer.narrative.agent import response_format  # noqa: E402
from reviewer.narrative.redaction import Redactor  # noqa: E402
from reviewer.narrative.retry import Deadline  # noqa: E402
from reviewer.narrative.settings import resolve  # noqa: E402
from reviewer.narrative.step import Prepared, prepare  # noqa: E402
from reviewer.narrative.tokens import counter  # noqa: E402
from reviewer.resources import rules_dir  # noqa: E402


def two_thousand_line_diff(folder: Path) -> Path:
    """The benchmark's generator: 20 files (YAML, JSON, Terraform, Python), 100 changed lines
    each."""
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts" / "benchmark.py")
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    path = folder / "two-thousand-lines.diff"
    changed = benchmark.generate_large(path, files=20, lines_per_file=100)
    assert changed == 2000, changed
    return path


def measure(path: Path, budget: int | None = None) -> tuple[Prepared, int, int]:
    changes = parse_diff(path.read_bytes(), Source(SourceMode.DIFF, path.name))
    findings = analyze(changes, load_ruleset([rules_dir()])).findings
    endpoint = resolve(None, {"OPENAI_BASE_URL": "http://127.0.0.1/v1"})
    if budget is not None:
        from dataclasses import replace

        endpoint = replace(endpoint, context_tokens=budget)
    prepared = prepare(changes, findings, endpoint, Deadline(3600), Redactor())
    return prepared, len(findings), sum(f.added_count + f.removed_count for f in changes.files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("diffs", nargs="*", type=Path)
    parser.add_argument("--show", action="store_true", help="print the prompt messages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        diffs = args.diffs or [ROOT / "fixtures" / "diffs" / "one-file-replicas-cut.diff",
                               two_thousand_line_diff(Path(tmp))]
        print(f"{'diff':<34} {'changed':>7} {'findings':>8} {'prompt':>7} {'change':>7} "
              f"{'unclipped':>9} {'hunks shown':>11} {'left out':>8}")
        for path in diffs:
            prepared, findings, changed = measure(path)
            full, _, _ = measure(path, budget=10_000_000)
            ctx = prepared.context
            print(f"{path.name:<34} {changed:>7} {findings:>8} {prepared.tokens:>7} "
                  f"{ctx.tokens:>7} {full.context.tokens:>9} "
                  f"{ctx.hunks_shown:>5} of {ctx.hunks_total:<3} {len(ctx.clipped):>8}")
            if args.show:
                print(f"--- system ({prepared.tokenizer})\n{prepared.system}"
                      f"--- user\n{prepared.task.user}")
        budget = resolve(None, {"OPENAI_BASE_URL": "http://127.0.0.1/v1"}).context_tokens
        schema = counter().count(json.dumps(response_format("json_schema")))
        print(f"tokenizer: {prepared.tokenizer}; budget for the change: {budget} tokens; the "
              f"json_schema response format adds about {schema} tokens to each request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
