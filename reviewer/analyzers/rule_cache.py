"""Validated rules cached by content, so a review skips YAML parsing and pydantic on reruns."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from reviewer import __version__
from reviewer.analyzers.ruleset import CompiledMatch, CompiledRule, RuleSet, rule_files
from reviewer.cache import cache_dir, write_atomic


def _record_shape() -> str:
    """The compiled records' fields: a checkout whose code changed them must not read pickles
    written by the code before (the version number alone does not move in development)."""
    import dataclasses

    return ",".join(f.name for cls in (CompiledRule, CompiledMatch)
                    for f in dataclasses.fields(cls))


def _digest(files: list[Path]) -> str:
    h = hashlib.sha256(f"reviewer {__version__}\n{_record_shape()}\n".encode())
    for path in files:
        h.update(str(path.resolve()).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def load_ruleset(folders: Sequence[Path]) -> RuleSet:
    """The compiled rules from ``folders``: from the cache when the files are unchanged."""
    files = rule_files(folders)
    use_cache = os.environ.get("REVIEWER_NO_CACHE") is None
    target = cache_dir() / f"rules-{_digest(files)}.pickle" if use_cache else None
    if target is not None:
        try:
            cached = pickle.loads(target.read_bytes())
            if isinstance(cached, RuleSet):
                return cached
        except Exception:  # missing, stale or corrupt: rebuild below
            pass
    from reviewer.analyzers.rule_loader import load_rulebook

    ruleset = load_rulebook(folders).compiled()
    if target is not None:
        write_atomic(target, pickle.dumps(ruleset, protocol=pickle.HIGHEST_PROTOCOL))
    return ruleset
