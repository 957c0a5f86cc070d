"""Prompt templates: ``prompts/<name>/v<version>/<part>.md``, loaded by name and version.

A template is plain text with ``$name`` placeholders (``string.Template``): values are inserted
once and never re-read as templates, so text from a diff cannot reach into the prompt's own
wording. A released version is never edited; a change is a new version, and the report names
the version that produced each narrative.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
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


def parse_ref(ref: str) -> tuple[str, int]:
    """``risk-narrative@v1`` (or ``@1``) → ("risk-narrative", 1)."""
    name, _, version = ref.partition("@")
    digits = version.removeprefix("v")
    if not name or not digits.isdigit():
        raise NarrativeError(f"prompt {ref!r}: expected NAME@vN, e.g. risk-narrative@v1")
    return name, int(digits)


TEAM_CONTEXT_LIMIT = 8_000
"""Characters of team context the system message takes; the rest is cut and said so."""


def team_context(folders: Sequence[Path]) -> str:
    """The Markdown files at the top of the policy's prompt folders, in order: what a team
    wants every narrative to know (service ownership, critical paths, rollout practice)."""
    parts = []
    for folder in folders:
        for path in sorted(folder.glob("*.md")):
            body = path.read_text(encoding="utf-8", errors="replace").strip()
            if body:
                parts.append(f"## {path.name}\n\n{body}")
    text = "\n\n".join(parts)
    if len(text) > TEAM_CONTEXT_LIMIT:
        cut = f"\n[team context cut at {TEAM_CONTEXT_LIMIT:,} characters]"
        text = text[:TEAM_CONTEXT_LIMIT] + cut
    return text


def find_prompt(ref: str, folders: Sequence[Path] = ()) -> Prompt:
    """The prompt ``ref`` from the first of ``folders`` that has it, else the bundled one."""
    name, version = parse_ref(ref)
    for folder in (*folders, prompts_dir()):
        if (folder / name / f"v{version}").is_dir():
            return load_prompt(name, version, folder)
    places = ", ".join(str(f) for f in (*folders, prompts_dir()))
    raise NarrativeError(f"prompt {name}@v{version} not found (looked in {places})")


def load_prompt(name: str, version: int, folder: Path | None = None) -> Prompt:
    where = (folder or prompts_dir()) / name / f"v{version}"
    parts = {path.stem: path.read_text(encoding="utf-8") for path in sorted(where.glob("*.md"))}
    missing = [part for part in REQUIRED_PARTS if part not in parts]
    if missing:
        raise NarrativeError(f"prompt {name}@v{version} in {where} lacks "
                             f"{', '.join(p + '.md' for p in missing)}")
    return Prompt(name, version, parts)
