"""Prompt templates: ``prompts/<name>/v<version>/<part>.md``, loaded by name and version.

A template is plain text with ``$name`` placeholders (``string.Template``): values are inserted
once and never re-read as templates, so text from a diff cannot reach into the prompt's own
wording. A released version is never edited; a change is a new version, and the report names
the version that produced each narrative.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewer.narrative.errors import NarrativeError
from reviewer.resources import prompts_dir

REQUIRED_PARTS = ("system", "user", "repair", "tools", "no-tools", "json-format", "final-step")


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    parts: Mapping[str, str]

    @property
    def ref(self) -> str:
        """``name@vN``, as recorded in the report and the cache key."""
        return f"{self.name}@v{self.version}"

    def render(self, part: str, **values: str | int) -> str:
        try:
            return string.Template(self.parts[part]).substitute(values).strip() + "\n"
        except KeyError as exc:
            raise NarrativeError(f"prompt {self.ref}: {part}.md needs a value for {exc}") from None
        except ValueError as exc:
            raise NarrativeError(f"prompt {self.ref}: {part}.md: {exc}") from None


def load_prompt(name: str, version: int, folder: Path | None = None) -> Prompt:
    where = (folder or prompts_dir()) / name / f"v{version}"
    parts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(where.glob("*.md"))}
    missing = [part for part in REQUIRED_PARTS if part not in parts]
    if missing:
        raise NarrativeError(f"prompt {name}@v{version} in {where} lacks "
                             f"{', '.join(p + '.md' for p in missing)}")
    return Prompt(name, version, parts)
