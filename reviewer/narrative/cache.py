"""Finished narratives on disk, so a re-run of the same pull request is free and identical.

The key covers everything the answer depends on: the prompt version, the model and endpoint,
and the redacted input (the messages as sent, and the head revision the tools read). Only
successful narratives are stored; grounding is recomputed on every read, since it is cheap
and deterministic. Entries that do not parse are ignored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from reviewer.cache import cache_dir, write_atomic
from reviewer.narrative.answer import Answer

FORMAT = 1


class Cached(NamedTuple):
    answer: Answer
    output_mode: str


def cache_key(*, prompt: str, model: str, base_url: str, system: str, user: str,
              revision: str | None) -> str:
    material = json.dumps({"format": FORMAT, "prompt": prompt, "model": model,
                           "base_url": base_url, "system": system, "user": user,
                           "revision": revision}, sort_keys=True)
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "narratives" / f"{key}.json"


def load(key: str) -> Cached | None:
    try:
        data: Any = json.loads(_path(key).read_text(encoding="utf-8"))
        return Cached(Answer.model_validate(data["answer"]), str(data["output_mode"]))
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def store(key: str, answer: Answer, output_mode: str) -> None:
    data = {"format": FORMAT, "output_mode": output_mode, "answer": answer.model_dump()}
    write_atomic(_path(key), json.dumps(data, sort_keys=True, indent=1).encode("utf-8"))
