"""Loading rule files with validation; a broken file is one clear error naming file, line, field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from reviewer.analyzers.checks import CHECK_NAMES
from reviewer.analyzers.rule_model import Match, Rule, RuleFile
from reviewer.analyzers.ruleset import CompiledMatch, CompiledRule, RuleSet, rule_files
from reviewer.analyzers.scope import Scope
from reviewer.categories import CATEGORIES
from reviewer.errors import RuleError
from reviewer.yamlsource import line_of, load_file


@dataclass(frozen=True)
class RuleBook:
    """Validated rules with everything authors wrote (docs, examples), and where each lives."""

    rules: tuple[Rule, ...]
    sources: dict[str, str]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def compiled(self) -> RuleSet:
        return RuleSet(tuple(compile_rule(r) for r in self.rules), dict(self.sources))


def load_rulebook(folders: Sequence[Path]) -> RuleBook:
    rules: list[Rule] = []
    sources: dict[str, str] = {}
    for path in rule_files(folders):
        for rule in load_rule_file(path):
            if rule.id in sources:
                raise RuleError(f"rule id {rule.id!r} is also defined in {sources[rule.id]}",
                                where=str(path))
            sources[rule.id] = str(path)
            rules.append(rule)
    return RuleBook(tuple(rules), sources)


def compile_match(match: Match) -> CompiledMatch:
    return CompiledMatch(
        kind=match.kind, key=match.key, predicates=match.predicates(),
        unless_value=match.unless_value, unless_key=match.unless_key,
        unless_moved=match.unless_moved,
        added_lines=match.added_lines,
        removed_lines=match.removed_lines, unless_line=match.unless_line,
        ignore_moved=match.ignore_moved, file=match.file, all_of=match.all_of,
        same_file=match.same_file, analyzer=match.analyzer, options=dict(match.options),
        when_file_contains=match.when_file_contains,
        unless_file_contains=match.unless_file_contains, new_files=match.new_files,
        when_block_contains=match.when_block_contains,
        unless_block_contains=match.unless_block_contains, block_levels=match.block_levels,
        when_scope=tuple(s.value for s in match.when_scope))


def compile_rule(rule: Rule) -> CompiledRule:
    return CompiledRule(
        id=rule.id, title=rule.title, category=rule.category, severity=rule.severity,
        message=rule.message, remediation=" ".join(rule.remediation.split()),
        files=rule.files, exclude=rule.exclude, scope=dict(rule.scope),
        match=tuple(compile_match(m) for m in rule.match), confidence=rule.confidence)


def load_rule_file(path: Path) -> tuple[Rule, ...]:
    data, node, _ = load_file(path, RuleError)
    if not isinstance(data, dict) or "rules" not in data:
        raise RuleError("a rule file must be a mapping with a 'rules' list", where=str(path))
    try:
        parsed = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, data, node, path) from None
    for position, rule in enumerate(parsed.rules):
        _check_references(rule, path, line_of(node, ("rules", position)))
    return parsed.rules


def _explain(exc: ValidationError, data: object, node: object, path: Path) -> RuleError:
    error = exc.errors()[0]
    loc = _as_written(data, [step for step in error["loc"] if not isinstance(step, str) or
                             not step.startswith(("function-", "tagged-union"))])
    line = line_of(node, loc)  # type: ignore[arg-type]
    rule_id = None
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") if isinstance(data, dict) else None
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("id")
    field_path = ".".join(str(s) for s in loc[2:]) if rule_id else ".".join(map(str, loc))
    message = error["msg"].removeprefix("Value error, ")
    who = f"rule {rule_id}: " if rule_id else ""
    return RuleError(f"{who}{field_path or 'rule'}: {message}",
                     where=f"{path}:{line}" if line else str(path))


def _as_written(data: object, loc: list[int | str]) -> list[int | str]:
    """The error location as the author wrote it: a single ``match:`` mapping is validated
    as a one-element list, but the file has no ``[0]`` there."""
    out: list[int | str] = []
    current = data
    for step in loc:
        if isinstance(step, int) and isinstance(current, dict):
            continue
        out.append(step)
        if isinstance(current, dict):
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int) and step < len(current):
            current = current[step]
        else:
            current = None
    return out


def _check_references(rule: Rule, path: Path, line: int | None) -> None:
    where = f"{path}:{line}" if line else str(path)
    for match in rule.match:
        if match.analyzer is not None and match.analyzer not in CHECK_NAMES:
            raise RuleError(f"rule {rule.id}: match.analyzer: unknown analyzer "
                            f"{match.analyzer!r} (known: {', '.join(sorted(CHECK_NAMES))})",
                            where=where)
        for group in match.all_of:
            if isinstance(group, dict):
                unknown = set(group) - {"scope", "path"}
                if unknown or len(group) != 1:
                    raise RuleError(f"rule {rule.id}: match.all_of: a condition is a category "
                                    "slug, a list of slugs, {scope: NAME} or {path: GLOB}",
                                    where=where)
                if "scope" in group and group["scope"] not in {s.value for s in Scope}:
                    raise RuleError(f"rule {rule.id}: match.all_of: unknown scope "
                                    f"{group['scope']!r}", where=where)
                continue
            for slug in (group,) if isinstance(group, str) else group:
                if slug not in CATEGORIES:
                    raise RuleError(f"rule {rule.id}: match.all_of: unknown category {slug!r}",
                                    where=where)
