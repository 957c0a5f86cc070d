#!/usr/bin/env python3
"""Record a real exchange with an LLM endpoint as a vcrpy cassette, credentials filtered.

    OPENAI_API_KEY=... python scripts/record_cassette.py fixtures/diffs/one-file-replicas-cut.diff NAME
    OPENAI_BASE_URL=http://localhost:11434/v1 REVIEWER_MODEL=llama3.1 \\
        python scripts/record_cassette.py change.diff NAME

Runs a review of the diff with the narrative (no cache) and writes, in
fixtures/cassettes/recorded/: NAME.yaml (the HTTP exchange), NAME.diff (the diff it answers)
and NAME.model (the model name), which tests/narrative/test_cassettes.py then replays.
Authorization and Azure api-key headers, organization and project ids, cookies and key
query parameters are removed before anything is written (the filtering of
reviewer/evaluation/cassettes.py, shared with `reviewer eval prompts --record`); the
recording is then searched for the key itself and for anything the secrets check or
redaction would flag, and deleted if one is found. Review the
file before committing it: the model's answer is recorded as it came.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reviewer.evaluation.cassettes import leaks, recorder  # noqa: E402
from reviewer.pipeline import ReviewRequest, review  # noqa: E402

RECORDED = ROOT / "fixtures" / "cassettes" / "recorded"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("diff", type=Path)
    parser.add_argument("name", help="file name for the recording, without extension")
    parser.add_argument("--out-dir", type=Path, default=RECORDED,
                        help="where to write (default fixtures/cassettes/recorded)")
    args = parser.parse_args(argv)
    if not (os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL")):
        print("set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers) to record",
              file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    cassette = args.out_dir / f"{args.name}.yaml"
    cassette.unlink(missing_ok=True)
    with recorder().use_cassette(str(cassette)):
        report, _ = review(ReviewRequest(diff=str(args.diff), no_cache=True))
    narrative = report.narrative
    print(f"narrative: {narrative.status} {narrative.error or ''}".rstrip())
    problem = leaks(cassette.read_text(encoding="utf-8")) if cassette.exists() else "no file"
    if narrative.status != "ok" or problem:
        cassette.unlink(missing_ok=True)
        print(f"not kept: {problem or 'the narrative did not succeed'}", file=sys.stderr)
        return 1
    shutil.copyfile(args.diff, cassette.with_suffix(".diff"))
    cassette.with_suffix(".model").write_text(narrative.model + "\n", encoding="utf-8")
    print(f"recorded {cassette} ({narrative.steps} request(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
