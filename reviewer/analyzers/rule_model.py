"""What a rule file may say, validated strictly (unknown fields are errors)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reviewer.analyzers.keypattern import parse_pattern
from reviewer.analyzers.scope import Scope
from reviewer.categories import CategorySlug
from reviewer.severity import Severity

RULE_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FileStatusName = Literal["added", "deleted", "renamed", "mode-changed", "any"]
Scalar = str | int | float | bool | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _regexes(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        try:
            re.compile(item)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {item!r}: {exc}") from None
        if re.search(r"\(\?[aiLmsux]+\)", item[1:]) or re.match(r"\(\?[aLu]+\)", item):
            raise ValueError(f"regular expression {item!r}: inline flags are allowed only at "
                             "the start, and only i, m, s or x")
    return tuple(items)


Patterns = Annotated[tuple[str, ...], Field(default=())]

_KEY_PREDICATES = (
    "becomes", "was", "from_true_to_false", "from_false_to_true", "increases_to_at_least",
    "increases_by_factor", "decreases_by_factor", "decreases_to_at_most", "removed", "added",
    "emptied", "contains", "gains_item", "loses_item", "matches", "shrinks_to_at_most",
    "changed", "decreases", "increases", "fewer_items", "gains_item_matching", "stops_matching",
    "parent_kept",
    "block_depth",
)


class Match(_Strict):
    """One way a rule can fire. Exactly one kind per match: ``key`` (structured), ``added``/
    ``removed`` (lines), ``file`` (file status), ``all_of`` (combination), ``analyzer``."""

    # structured
    key: tuple[str, ...] = ()
    becomes: Scalar = None
    was: Scalar = None
    from_true_to_false: bool = False
    from_false_to_true: bool = False
    increases_to_at_least: float | None = None
    increases_by_factor: float | None = None
    decreases_by_factor: float | None = None
    decreases_to_at_most: float | None = None
    removed: bool = False
    added: bool = False
    emptied: bool = False
    contains: Scalar = None
    gains_item: Scalar = None
    loses_item: Scalar = None
    matches: str | None = None
    shrinks_to_at_most: int | None = None
    changed: bool = False
    decreases: bool = False
    increases: bool = False
    fewer_items: bool = False
    gains_item_matching: str | None = None
    """Regex: a list (a single value counts as a one-element list) gains an element matching
    it, one the old value did not have."""
    stops_matching: str | None = None
    """Regex: a value that stays (changed, not removed) matched it and no longer does (a
    message that loses its @pagerduty handle)."""
    parent_kept: bool | int | None = None
    """The key came or went inside a block that stayed, not with it. ``true``: the block that
    holds the key; ``N``: the block named by the first N segments of the path (``3`` for a
    Terraform resource)."""
    block_depth: int | None = Field(default=None, ge=1)
    """The block that came or went is the one N segments deep: the key itself, not one of
    its list elements nor an enclosing block."""
    unless_value: str | None = None
    """Regex: no finding when the new value (as text) matches it (placeholders, templates)."""
    unless_key: tuple[str, ...] = ()
    """Key patterns that never fire, though ``key`` matches them (``maxSurge`` among ``max*``)."""
    unless_moved: bool = False
    """Terraform: no finding for a key in a resource or module that a ``moved`` block in the
    file moves to a new address (a refactor, not a destroy)."""
    # lines
    added_lines: Patterns = Field(default=(), alias="added_line")
    removed_lines: Patterns = Field(default=(), alias="removed_line")
    unless_line: Patterns = ()
    ignore_moved: bool = True
    # file
    file: FileStatusName | None = None
    # combination
    all_of: tuple[str | tuple[str, ...] | dict[str, str], ...] = ()
    same_file: bool = False
    # python analyzer
    analyzer: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    # any kind
    when_file_contains: Patterns = ()
    unless_file_contains: Patterns = ()
    new_files: bool = True
    """False: skip files the change creates. For rules about loosening an existing setting,
    where a new file has nothing to loosen (a new ruleset that lists bypass actors)."""
    when_block_contains: Patterns = ()
    """Regexes: only hits whose enclosing block (see ``block_levels``) matches one of them."""
    unless_block_contains: Patterns = ()
    block_levels: int = Field(default=1, ge=1, le=8)
    """Which enclosing block the block conditions read: 1 is the innermost."""
    when_scope: tuple[Scope, ...] = ()
    """Only files in these scopes (for rules that are about where a value appears)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("key", "unless_key", mode="before")
    @classmethod
    def _keys(cls, value: Any) -> Any:
        keys = [value] if isinstance(value, str) else value
        for key in keys or ():
            try:
                parse_pattern(key)
            except ValueError as exc:
                raise ValueError(str(exc)) from None
        return keys

    @field_validator("added_lines", "removed_lines", "unless_line", "when_file_contains",
                     "unless_file_contains", "when_block_contains", "unless_block_contains",
                     mode="before")
    @classmethod
    def _line_patterns(cls, value: Any) -> Any:
        return _regexes(value)

    @field_validator("matches", "unless_value", "gains_item_matching", "stops_matching")
    @classmethod
    def _one_regex(cls, value: str | None) -> str | None:
        _regexes(value)
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Match:
        kinds = [name for name, present in (
            ("key", bool(self.key)),
            ("added_line/removed_line", bool(self.added_lines or self.removed_lines)),
            ("file", self.file is not None),
            ("all_of", bool(self.all_of)),
            ("analyzer", self.analyzer is not None),
        ) if present]
        if len(kinds) != 1:
            raise ValueError("a match needs exactly one of key, added_line/removed_line, file, "
                             f"all_of or analyzer (found: {', '.join(kinds) or 'none'})")
        if isinstance(self.parent_kept, int) and not isinstance(self.parent_kept, bool) \
                and self.parent_kept < 1:
            raise ValueError("parent_kept: a depth of 1 or more, or true")
        predicates = [p for p in (*_KEY_PREDICATES, "unless_key", "unless_moved")
                      if p in self.model_fields_set]
        if predicates and not self.key:
            raise ValueError(f"{', '.join(predicates)} only apply to a key match")
        return self

    @property
    def kind(self) -> str:
        if self.key:
            return "key"
        if self.added_lines or self.removed_lines:
            return "lines"
        if self.file is not None:
            return "file"
        if self.all_of:
            return "combination"
        return "analyzer"

    def predicates(self) -> dict[str, Any]:
        """The key predicates this match states, with their values (``becomes: null`` too)."""
        return {name: getattr(self, name) for name in _KEY_PREDICATES
                if name in self.model_fields_set}


class ExampleFile(_Strict):
    path: str
    before: str | None = None
    after: str | None = None


class Example(_Strict):
    """A change that must (``fire``) or must not (``ok``) produce this rule's finding."""

    path: str | None = None
    before: str | None = None
    after: str | None = None
    diff: str | None = None
    files: tuple[ExampleFile, ...] = ()
    """Other files changed together with this one (for combination rules)."""
    line: int | None = None
    severity: Severity | None = None
    modes: tuple[Literal["diff", "git"], ...] = ("diff", "git")
    note: str | None = None

    @model_validator(mode="after")
    def _content(self) -> Example:
        if self.diff is None and self.before is None and self.after is None and not self.files:
            raise ValueError("an example needs before/after text, a diff, or files")
        if self.diff is None and self.path is None and (self.before or self.after) is not None:
            raise ValueError("an example with before/after text needs a path")
        if self.diff is not None and "git" in self.modes and self.modes == ("diff", "git"):
            object.__setattr__(self, "modes", ("diff",))
        return self


class Examples(_Strict):
    fire: tuple[Example, ...] = Field(min_length=1)
    ok: tuple[Example, ...] = Field(min_length=1)


class Rule(_Strict):
    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=3)
    category: CategorySlug
    severity: Severity
    confidence: Literal["high", "medium", "low"] = "medium"
    message: str = Field(min_length=3)
    why: str = Field(min_length=10)
    """Why it matters: the kind of incident this rule prevents."""
    remediation: str = Field(min_length=10)
    references: tuple[str, ...] = ()
    files: tuple[str, ...] = ("**",)
    exclude: tuple[str, ...] = ()
    scope: dict[Scope, Severity] = Field(default_factory=dict)
    match: tuple[Match, ...]
    examples: Examples

    @field_validator("match", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @property
    def is_combination(self) -> bool:
        return any(m.kind == "combination" for m in self.match)


class RuleFile(_Strict):
    rules: tuple[Rule, ...]
