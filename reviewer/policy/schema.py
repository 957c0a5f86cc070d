"""What a policy file (``.reviewer.yaml``) may say, validated strictly: unknown fields are errors.

Only ``load`` imports this module, and only when a policy file exists, so a review without a
policy never imports pydantic. Exceptions are validated one by one (see ``ExceptionSpec``): a
malformed exception stops waiving and is reported, it does not take the whole policy down.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from reviewer.analyzers.rule_model import RULE_ID
from reviewer.categories import CategorySlug
from reviewer.severity import FailOn, Severity

NAME = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
RuleId = Annotated[str, StringConstraints(pattern=RULE_ID)]
Glob = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ScopeName = Literal["prod", "control-plane", "nonprod", "test"]
Shift = Literal["raise", "lower"]


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierSpec(_Strict):
    """A named group of paths: how rules see them (``scope``) and how severity moves there."""

    paths: tuple[Glob, ...] = Field(min_length=1)
    scope: ScopeName | None = None
    """Rules treat these paths as this scope (their ``scope:`` maps and default lowering)."""
    shift: Shift | None = None
    """Then move every finding here one step up or down."""


class RulesSpec(_Strict):
    disable: tuple[RuleId, ...] = ()
    """Rule ids that do not run."""
    paths: tuple[Text, ...] = ()
    """Extra folders of rule files, relative to the policy file."""


class PromptsSpec(_Strict):
    paths: tuple[Text, ...] = ()
    """Extra folders of prompt templates, relative to the policy file."""


class OverrideSpec(_Strict):
    """Set the severity of matching findings; later entries win over earlier ones."""

    rule: RuleId | None = None
    category: CategorySlug | None = None
    paths: tuple[Glob, ...] = ()
    severity: Severity

    @model_validator(mode="before")
    @classmethod
    def _paths(cls, data: Any) -> Any:
        if isinstance(data, dict) and "paths" in data:
            return {**data, "paths": _listify(data["paths"])}
        return data

    @model_validator(mode="after")
    def _selects(self) -> OverrideSpec:
        if self.rule is None and self.category is None and not self.paths:
            raise ValueError("an override needs rule, category or paths")
        return self


class LLMSpec(_Strict):
    model: Text | None = None
    base_url: Text | None = None
    timeout: float | None = Field(default=None, gt=0)
    narrative_may_escalate: bool = True
    """Whether a concerned narrative may raise a pass to warn (never to block)."""
    prompt: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*@v?[0-9]+$")
    """The narrative's prompt template, ``name@vN``: the team's own prompt folders are
    searched first, then the bundled prompts."""


class ExceptionSpec(_Strict):
    """A standing waiver: one rule on one path glob, with who owns it and until when."""

    rule: RuleId
    path: Glob
    reason: Text
    owner: Text
    expires: datetime.date


class WhenSpec(_Strict):
    """Which findings trigger a requirement: all stated conditions must hold."""

    rule: tuple[RuleId, ...] = ()
    category: tuple[CategorySlug, ...] = ()
    severity: Severity | None = None
    """At least this severity."""
    scope: tuple[ScopeName, ...] = ()
    tier: tuple[Annotated[str, StringConstraints(pattern=NAME)], ...] = ()
    paths: tuple[Glob, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _lists(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: _listify(v) if k != "severity" else v for k, v in data.items()}
        return data


class RequirementSpec(_Strict):
    """When findings match ``when``: the description must have ``sections``; ``action`` is
    added to the required actions."""

    when: WhenSpec
    sections: tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                     to_lower=True)], ...] = ()
    action: Text | None = None

    @model_validator(mode="after")
    def _demands(self) -> RequirementSpec:
        if not self.sections and self.action is None:
            raise ValueError("a requirement needs sections, action or both")
        return self


class PolicyFile(_Strict):
    version: Literal[1] = 1
    fail_on: FailOn | None = None
    tiers: dict[Annotated[str, StringConstraints(pattern=NAME)], TierSpec] = {}
    rules: RulesSpec = RulesSpec()
    prompts: PromptsSpec = PromptsSpec()
    overrides: tuple[OverrideSpec, ...] = ()
    exceptions: tuple[Any, ...] = ()
    """Checked one by one with ``ExceptionSpec``."""
    require: tuple[RequirementSpec, ...] = ()
    llm: LLMSpec = LLMSpec()
