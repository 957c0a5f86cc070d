"""Policy text → validated ``Policy`` records; errors name the file, the line and the field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ValidationError

from reviewer.errors import PolicyError
from reviewer.policy.model import (
    FolderRef,
    LLMSettings,
    MalformedException,
    Policy,
    PolicyException,
    Requirement,
    RuleRef,
    SeverityOverride,
    Tier,
)
from reviewer.policy.schema import ExceptionSpec, PolicyFile, RequirementSpec, WhenSpec
from reviewer.policy.source import PolicySource
from reviewer.yamlsource import line_of, load_text


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Dates stay text for pydantic to check: ``expires: 2027-02-30`` then makes one
    exception malformed instead of failing the whole file."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def compile_policy(text: str, source: PolicySource) -> Policy:
    """Validate policy text; a malformed policy raises ``PolicyError`` (exit 2)."""
    data, node = load_text(text, source.label, PolicyError, _Loader)
    if data is None:
        return Policy(source=source)
    if not isinstance(data, dict):
        raise PolicyError("a policy file must be a mapping", where=source.label)
    try:
        spec = PolicyFile.model_validate(data)
    except ValidationError as exc:
        raise _error(exc, node, (), source) from None

    def at(*loc: int | str) -> str:
        return source.at(line_of(node, loc))

    tiers = tuple(Tier(name, t.paths, t.scope, t.shift, at("tiers", name))
                  for name, t in spec.tiers.items())
    requirements = []
    for index, req in enumerate(spec.require):
        unknown = [name for name in req.when.tier if name not in spec.tiers]
        if unknown:
            raise PolicyError(f"require.when.tier: unknown tier {unknown[0]!r} (tiers: "
                              f"{', '.join(spec.tiers) or 'none defined'})",
                              where=at("require", index, "when", "tier"))
        requirements.append(_requirement(req, spec, at("require", index)))
    exceptions, malformed = _exceptions(spec.exceptions, node, source)
    refs = [RuleRef(rule, "rules.disable", at("rules", "disable", i))
            for i, rule in enumerate(spec.rules.disable)]
    refs += [RuleRef(o.rule, "overrides", at("overrides", i))
             for i, o in enumerate(spec.overrides) if o.rule is not None]
    refs += [RuleRef(r, "require.when.rule", at("require", i, "when", "rule"))
             for i, req in enumerate(spec.require) for r in req.when.rule]
    return Policy(
        source=source, fail_on=spec.fail_on, tiers=tiers, disabled=spec.rules.disable,
        rule_paths=tuple(FolderRef(p, at("rules", "paths", i))
                         for i, p in enumerate(spec.rules.paths)),
        prompt_paths=tuple(FolderRef(p, at("prompts", "paths", i))
                           for i, p in enumerate(spec.prompts.paths)),
        overrides=tuple(SeverityOverride(o.rule, o.category, o.paths, o.severity,
                                         at("overrides", i))
                        for i, o in enumerate(spec.overrides)),
        exceptions=exceptions, malformed=malformed, requirements=tuple(requirements),
        llm=LLMSettings(spec.llm.model, spec.llm.base_url, spec.llm.timeout,
                        spec.llm.narrative_may_escalate, spec.llm.prompt),
        refs=tuple(refs))


def _exceptions(items: Sequence[Any], node: yaml.Node | None, source: PolicySource
                ) -> tuple[tuple[PolicyException, ...], tuple[MalformedException, ...]]:
    """Each exception on its own: a bad one is set aside and reported, the rest still work."""
    valid, malformed = [], []
    for index, item in enumerate(items):
        try:
            spec = ExceptionSpec.model_validate(item)
        except ValidationError as exc:
            error = _error(exc, node, ("exceptions", index), source)
            raw = item if isinstance(item, dict) else {}
            malformed.append(MalformedException(
                error.where or source.label, error.message,
                _text(raw.get("rule")), _text(raw.get("path"))))
            continue
        where = source.at(line_of(node, ("exceptions", index)))
        valid.append(PolicyException(spec.rule, spec.path, spec.reason, spec.owner,
                                     spec.expires, where))
    return tuple(valid), tuple(malformed)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _requirement(req: RequirementSpec, spec: PolicyFile, where: str) -> Requirement:
    when = req.when
    tier_paths = tuple(glob for name in when.tier for glob in spec.tiers[name].paths)
    return Requirement(_label(when), when.rule, when.category, when.severity, when.scope,
                       tier_paths, when.paths, req.sections, req.action, where)


def _label(when: WhenSpec) -> str:
    """The condition in words, for the required action: "block findings on prod paths"."""
    words = [f"{when.severity.value}" if when.severity is not None else "any",
             "finding"]
    if when.rule:
        words.append(f"of {', '.join(when.rule)}")
    if when.category:
        words.append(f"in {', '.join(when.category)}")
    places = [*when.scope, *when.tier]
    if places:
        words.append(f"on {' or '.join(places)} paths")
    if when.paths:
        words.append(f"under {', '.join(when.paths)}")
    return " ".join(words)


def _error(exc: ValidationError, node: yaml.Node | None, prefix: tuple[int | str, ...],
           source: PolicySource) -> PolicyError:
    error = exc.errors()[0]
    loc = [*prefix, *(step for step in error["loc"] if not _internal(step))]
    field = ".".join(str(step) for step in loc) or "policy"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = f"unknown field (allowed here: {_allowed(loc)})"
    return PolicyError(f"{field}: {message}", where=source.at(line_of(node, loc)))


def _internal(step: int | str) -> bool:
    return isinstance(step, str) and (step.startswith(("function-", "tagged-union"))
                                      or step == "[key]")


def _allowed(loc: list[int | str]) -> str:
    """The fields allowed where an unknown one was written."""
    model: type[BaseModel] = PolicyFile
    steps = loc[:-1]
    if steps[:1] == ["exceptions"]:
        model, steps = ExceptionSpec, steps[2:]
    for step in steps:
        if isinstance(step, int) or step not in model.model_fields:
            continue  # a list position, or a mapping key such as a tier's name
        inner = _inner_model(model.model_fields[step].annotation)
        if inner is None:
            break
        model = inner
    return ", ".join(model.model_fields)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
