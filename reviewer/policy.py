"""The policy file (``.reviewer.yaml``): how a team tunes the gate. Validated strictly."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from reviewer.errors import PolicyError
from reviewer.severity import FailOn
from reviewer.yamlsource import invalid, load_file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesSettings(_Strict):
    disable: tuple[str, ...] = ()
    """Rule ids that do not run."""
    paths: tuple[str, ...] = ()
    """Extra folders of rule files, relative to the policy file."""


class LLMSettings(_Strict):
    model: str | None = None
    base_url: str | None = None
    timeout: float | None = Field(default=None, gt=0)


class Policy(_Strict):
    version: Literal[1] = 1
    fail_on: FailOn | None = None
    rules: RulesSettings = RulesSettings()
    llm: LLMSettings = LLMSettings()


def load_policy(path: Path) -> Policy:
    data, node, _ = load_file(path, PolicyError)
    if data is None:
        return Policy()
    if not isinstance(data, dict):
        raise PolicyError("a policy file must be a mapping", where=str(path))
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, node, path, PolicyError, "policy") from None
