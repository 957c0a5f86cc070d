"""YAML files that users write (rules, policy): loading with line numbers for error messages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reviewer.errors import UserError

if TYPE_CHECKING:
    from pydantic import ValidationError

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def load_text(text: str, where: str, error: type[UserError] = UserError,
              loader: type[yaml.SafeLoader] | None = None) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for locating fields later); bad YAML raises ``error``."""
    loader = loader or _Loader
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise error(f"invalid YAML: {exc.problem or exc.context}", where=f"{where}{line}") from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", where=where) from None
    return data, node


def read_text(path: Path, error: type[UserError] = UserError) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error("file not found", where=str(path)) from None
    except UnicodeDecodeError:
        raise error("not UTF-8 text", where=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", where=str(path)) from None


def load_file(path: Path, error: type[UserError] = UserError) -> tuple[Any, yaml.Node | None, str]:
    text = read_text(path, error)
    data, node = load_text(text, str(path), error)
    return data, node, text


def line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """1-based line of the value at ``loc`` (a pydantic error location), or of its nearest
    ancestor that exists."""
    if node is None:
        return None
    best = node.start_mark.line + 1
    current: yaml.Node = node
    for step in loc:
        nxt: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode) and isinstance(step, str):
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value == step:
                    nxt = value
                    best = key.start_mark.line + 1
                    break
        elif (isinstance(current, yaml.SequenceNode) and isinstance(step, int)
              and 0 <= step < len(current.value)):
            nxt = current.value[step]
            best = nxt.start_mark.line + 1
        if nxt is None:
            break
        current = nxt
    return best


def invalid(exc: ValidationError, node: yaml.Node | None, path: Path,
            error: type[UserError], subject: str) -> UserError:
    """The first validation error as one located sentence: ``file:line: field: message``."""
    first = exc.errors()[0]
    loc = list(first["loc"])
    line = line_of(node, loc)
    field = ".".join(str(step) for step in loc) or subject
    return error(f"{field}: {first['msg'].removeprefix('Value error, ')}",
                 where=f"{path}:{line}" if line else str(path))
