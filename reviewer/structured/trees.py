"""Whole-file parsing with real parsers into value trees plus the line of every key."""

from __future__ import annotations

import datetime
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from reviewer.structured.formats import Format
from reviewer.structured.model import KeyPath, erase_indices
from reviewer.structured.outline import CONTAINER, outline

try:  # libyaml is several times faster where the wheel carries it
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

TREE_FORMATS = frozenset({Format.YAML, Format.JSON, Format.TOML, Format.HCL, Format.INI})


class ParseFailure(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def describe(self, fmt: Format) -> str:
        where = f" at line {self.line}" if self.line else ""
        return f"{fmt.value.upper()} parse error{where}: {self}"


@dataclass
class LineMap:
    """Line of each key path; paths with shifted list positions fall back to order."""

    exact: dict[KeyPath, int] = field(default_factory=dict)
    erased: dict[tuple[str, ...], list[int]] = field(default_factory=dict)

    def add(self, path: KeyPath, line: int) -> None:
        self.exact.setdefault(path, line)
        self.erased.setdefault(erase_indices(path), []).append(line)

    def find(self, path: KeyPath) -> int | None:
        if path in self.exact:
            return self.exact[path]
        candidates = self.erased.get(erase_indices(path))
        if candidates:
            # Which occurrence: the index of the repeated block the key sits in, not the
            # position of an element in a one-line list (``ingress[1].cidr_blocks[0]``).
            ints = [i for i, seg in enumerate(path) if isinstance(seg, int)]
            inner = [i for i in ints if any(isinstance(seg, str) for seg in path[i + 1:])]
            chosen = inner or ints
            position = path[chosen[-1]] if chosen else 0
            assert isinstance(position, int)
            return candidates[min(position, len(candidates) - 1)]
        # the nearest ancestor that has a line
        for cut in range(len(path) - 1, 0, -1):
            line = self.exact.get(path[:cut])
            if line is not None:
                return line
        return None


@dataclass
class Document:
    ident: str | None
    value: Any
    lines: LineMap


def parse(fmt: Format, text: str) -> list[Document]:
    """Parse ``text``; raises ParseFailure with the line when the parser says where."""
    if fmt is Format.YAML:
        return _yaml_documents(text)
    if fmt is Format.JSON:
        value = _json(text)
    elif fmt is Format.TOML:
        try:
            value = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ParseFailure(str(exc)) from None
    elif fmt is Format.HCL:
        value = _hcl(text)
    elif fmt is Format.INI:
        value = _ini(text)
    else:
        raise ValueError(f"no tree parser for {fmt}")
    return [Document(None, _plain(value), outline_lines(fmt, text))]


def outline_lines(fmt: Format, text: str) -> LineMap:
    lines = LineMap()
    for entry in outline(fmt, text.split("\n"), None, complete=True):
        lines.add(entry.path, entry.row + 1)
    return lines


def _plain(value: Any) -> Any:
    """JSON-like values only: scalar lists become tuples, dates become strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [_plain(v) for v in value]
        if all(not isinstance(v, dict | list) for v in items):
            return tuple(items)
        return items
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # JSON with comments or trailing commas (tsconfig, VS Code) still reads as YAML.
        try:
            return yaml.load(text, Loader=_Loader)
        except yaml.YAMLError:
            raise ParseFailure(exc.msg, exc.lineno) from None


def _ini(text: str) -> dict[str, Any]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None, strict=False, allow_no_value=True,
                                       default_section="\x00default")
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise ParseFailure(str(exc).splitlines()[0], getattr(exc, "lineno", None)) from None
    sections: dict[str, Any] = {name: dict(parser.items(name, raw=True))
                                for name in parser.sections()}
    return sections


def _hcl(text: str) -> dict[str, Any]:
    import hcl2
    from hcl2.utils import SerializationOptions

    try:
        raw = hcl2.loads(text, serialization_options=SerializationOptions(
            with_comments=False, strip_string_quotes=True))
    except Exception as exc:  # lark raises many kinds; all mean "not valid HCL"
        line = getattr(exc, "line", None)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseFailure(message[:200], line if isinstance(line, int) else None) from None
    normalized: dict[str, Any] = _hcl_normalize(raw)
    return normalized


def _hcl_normalize(value: Any) -> Any:
    """Blocks as nested mappings: ``resource.aws_s3_bucket.logs.versioning``."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key.startswith("__") and key.endswith("__"):
                continue
            out[key] = _hcl_normalize(item)
        return out
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and v.get("__is_block__") for v in value):
            blocks = [_hcl_normalize(v) for v in value]
            return blocks[0] if len(blocks) == 1 else blocks
        if value and all(isinstance(v, dict) for v in value):
            merged: dict[str, Any] = {}
            for item in value:  # top-level `resource` lists: one mapping per block
                for key, body in _hcl_normalize(item).items():
                    if isinstance(merged.get(key), dict) and isinstance(body, dict):
                        merged[key] = {**merged[key], **body}
                    else:
                        merged[key] = body
            return merged
        return [_hcl_normalize(v) for v in value]
    return value


def _yaml_documents(text: str) -> list[Document]:
    loader = _Loader(text)
    docs: list[Document] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines = LineMap()
            value = _yaml_value(loader, node, (), lines, set())
            docs.append(Document(_doc_ident(value, len(docs)), _plain(value), lines))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        raise ParseFailure(message, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ParseFailure(str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    return docs


def _yaml_value(loader: Any, node: yaml.Node, path: KeyPath, lines: LineMap,
                active: set[int]) -> Any:
    if id(node) in active:  # a recursive alias: stop rather than loop
        return None
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources: Iterable[yaml.Node] = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode)
                    else [value_node])
                for source in sources:
                    extra = _yaml_value(loader, source, path, LineMap(), active)
                    if isinstance(extra, dict):
                        merged = {**extra, **merged}
                continue
            key = _scalar_key(loader, key_node)
            lines.add((*path, key), key_node.start_mark.line + 1)
            result[key] = _yaml_value(loader, value_node, (*path, key), lines, active)
        active.discard(id(node))
        return {**merged, **result}
    if isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        items = []
        for position, item in enumerate(node.value):
            lines.add((*path, position), item.start_mark.line + 1)
            items.append(_yaml_value(loader, item, (*path, position), lines, active))
        active.discard(id(node))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        return node.value


def _scalar_key(loader: Any, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        try:
            value = loader.construct_object(node, deep=True)
        except yaml.YAMLError:
            value = node.value
        if value is True or value is False or value is None:
            return str(node.value)  # `on:` in GitHub workflows is a key, not a boolean
        return str(value)
    return json.dumps(_plain(loader.construct_object(node, deep=True)), sort_keys=True,
                      default=str)


def _doc_ident(value: Any, position: int) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("kind"), str):
        meta = value.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) else None
        if isinstance(name, str):
            namespace = meta.get("namespace") if isinstance(meta, dict) else None
            prefix = f"{namespace}/" if isinstance(namespace, str) else ""
            return f"{value['kind']}/{prefix}{name}"
        return f"{value['kind']}#{position}"
    return f"#{position}" if position else None


def is_container(value: Any) -> bool:
    return value is CONTAINER or isinstance(value, dict | list)
