#!/usr/bin/env python3
"""Wall time and peak memory of deterministic reviews (no LLM), printed as a table.

    python scripts/benchmark.py            # one-file PR, 100k-line PR, 50 MB diff
    python scripts/benchmark.py --quick    # skip the 50 MB case

Each case runs ``reviewer review`` as a fresh process (start to exit), with the rule cache
and bytecode warm (a first, untimed run fills them) and also once cold, so start-up cost is
visible.
Peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_FILE = ROOT / "fixtures" / "diffs" / "one-file-replicas-cut.diff"

_YAML_BEFORE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-{n}
spec:
  replicas: {replicas}
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/svc-{n}:1.{n}.0
          env:
"""


def generate_large(path: Path, files: int, lines_per_file: int, seed: int = 7) -> int:
    """A diff touching ``files`` files (YAML, JSON, Terraform, Python) with about
    ``lines_per_file`` changed lines each; returns the number of changed lines."""
    rng = random.Random(seed)
    changed = 0
    with path.open("w") as out:
        for n in range(files):
            kind = n % 4
            name = ["deploy/svc-{n}/deployment.yaml", "config/flags/team-{n}.json",
                    "infra/mod-{n}/main.tf", "services/svc_{n}/handlers.py"][kind].format(n=n)
            half = lines_per_file // 2
            out.write(f"diff --git a/{name} b/{name}\nindex 1111111..2222222 100644\n"
                      f"--- a/{name}\n+++ b/{name}\n")
            if kind == 0:
                body_old = [f"            - name: VAR_{i}\n              value: \"{rng.random()}\"" for i in range(half)]
                body_new = [f"            - name: VAR_{i}\n              value: \"{rng.random()}\"" for i in range(half)]
                old_lines = [ln for b in body_old for ln in b.split("\n")][:half]
                new_lines = [ln for b in body_new for ln in b.split("\n")][:half]
            elif kind == 1:
                old_lines = [f'    "flag_{n}_{i}": {{"enabled": false, "rollout": {i % 50}}},' for i in range(half)]
                new_lines = [f'    "flag_{n}_{i}": {{"enabled": true, "rollout": {i % 50 + 1}}},' for i in range(half)]
            elif kind == 2:
                old_lines = [f'  tag_{i} = "v{rng.randint(0, 999)}"' for i in range(half)]
                new_lines = [f'  tag_{i} = "v{rng.randint(0, 999)}"' for i in range(half)]
            else:
                old_lines = [f"    result_{i} = compute({i}, timeout={i % 30})" for i in range(half)]
                new_lines = [f"    result_{i} = compute({i}, timeout={i % 30 + 1}, retries=3)" for i in range(half)]
            out.write(f"@@ -10,{half + 3} +10,{half + 3} @@ spec:\n")
            out.write(" context-before-1\n context-before-2\n")
            for ln in old_lines:
                out.write(f"-{ln}\n")
            for ln in new_lines:
                out.write(f"+{ln}\n")
            out.write(" context-after\n")
            changed += len(old_lines) + len(new_lines)
    return changed


def run_once(diff: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds, peak RSS in MiB, exit code of one ``reviewer review`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "reviewer", "review", str(diff), "--no-llm",
                           "--format", "json", "--output", os.devnull],
                          env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        sys.exit(f"review of {diff} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed, max(peak, before) / 1024, proc.returncode


def measure(label: str, diff: Path, runs: int, target_s: float | None,
            target_mb: float | None) -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "REVIEWER_CACHE_DIR": cache}
        # Warm means what an installed tool has after its first run: the rule cache and the
        # modules' bytecode (some sandboxes set this, which recompiles every module per run).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("OPENAI_API_KEY", None)
        env.pop("OPENAI_BASE_URL", None)
        cold, _, _ = run_once(diff, env)
        times, peaks = [], []
        for _ in range(runs):
            # ru_maxrss of children is a high-water mark across all children, so measure
            # each run in its own helper process to keep the figures per run.
            probe = subprocess.run([sys.executable, __file__, "--probe", str(diff)], env=env,
                                   capture_output=True, text=True, check=True)
            seconds, mib = probe.stdout.split()
            times.append(float(seconds))
            peaks.append(float(mib))
    med = statistics.median(times)
    peak = max(peaks)
    verdict_t = "" if target_s is None else (" ok" if med <= target_s else
                                             f" MISSES {target_s:.1f}s by {med - target_s:.2f}s")
    verdict_m = "" if target_mb is None else (" ok" if peak <= target_mb else
                                              f" MISSES {target_mb:.0f} MiB by {peak - target_mb:.0f}")
    size = diff.stat().st_size / 2**20
    print(f"{label:<34} {size:>8.1f} MiB  median {med:>6.3f}s (min {min(times):.3f}, "
          f"cold {cold:.3f}){verdict_t}  peak {peak:>6.0f} MiB{verdict_m}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="skip the 50 MB diff")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--probe", metavar="DIFF", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        seconds, mib, _ = run_once(Path(args.probe), dict(os.environ))
        print(f"{seconds:.4f} {mib:.1f}")
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.runs} runs per case\n")
    measure("one-file PR (target 0.3 s)", ONE_FILE, args.runs, 0.3, None)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "large.diff"
        lines = generate_large(big, files=2000, lines_per_file=50)
        measure(f"{lines:,} changed lines, 2,000 files", big, max(1, args.runs // 2), 5.0, 500)
        if not args.quick:
            huge = Path(tmp) / "huge.diff"
            lines = generate_large(huge, files=2000, lines_per_file=600)
            measure(f"{huge.stat().st_size / 2**20:.0f} MB diff ({lines:,} lines)", huge, 1,
                    None, None)


if __name__ == "__main__":
    main()
