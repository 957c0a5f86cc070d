"""Turning the text of one value into a Python value, per format, cheaply and never failing."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml

from reviewer.structured.formats import Format

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\d[\d_]*)?\.\d+([eE][-+]?\d+)?$|^[-+]?\d+[eE][-+]?\d+$")
_YAML_TRUE = {"true", "yes", "on", "y"}
_YAML_FALSE = {"false", "no", "off", "n"}
_YAML_NULL = {"", "~", "null"}


def _number(text: str) -> int | float | None:
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return None


def _unquote(text: str) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        inner = text[1:-1]
        if text[0] == '"':
            try:
                loaded = json.loads(text)
                return loaded if isinstance(loaded, str) else inner
            except ValueError:
                return inner
        return inner.replace("''", "'")
    return None


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _freeze(v) for k, v in value.items()}
    return value


def yaml_scalar(text: str) -> Any:
    text = text.strip()
    quoted = _unquote(text)
    if quoted is not None:
        return quoted
    lowered = text.lower()
    if lowered in _YAML_NULL:
        return None
    if lowered in _YAML_TRUE and lowered not in ("y",):
        return True
    if lowered in _YAML_FALSE and lowered not in ("n",):
        return False
    number = _number(text)
    if number is not None:
        return number
    if text[:1] in "[{":
        try:
            return _freeze(yaml.safe_load(text))
        except yaml.YAMLError:
            return text
    return text


def json_scalar(text: str) -> Any:
    try:
        return _freeze(json.loads(text))
    except ValueError:
        return text.strip()


def toml_scalar(text: str) -> Any:
    try:
        return _freeze(tomllib.loads("v = " + text)["v"])
    except (tomllib.TOMLDecodeError, KeyError):
        return text.strip()


def hcl_scalar(text: str) -> Any:
    text = text.strip().rstrip(",")
    if text in ("true", "false"):
        return text == "true"
    if text == "null":
        return None
    number = _number(text)
    if number is not None:
        return number
    if text.startswith('"') and text.endswith('"') and "${" not in text:
        quoted = _unquote(text)
        return quoted if quoted is not None else text
    if text.startswith("[") and text.endswith("]"):
        try:
            return _freeze(json.loads(text))
        except ValueError:
            items = _hcl_list(text[1:-1])
            return text if items is None else items
    if text.startswith("{") and text.endswith("}"):
        parsed = _hcl_object(text[1:-1])
        return text if parsed is None else parsed
    return text


_HCL_ITEM = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z_][\w.\-\[\]*]*|[-+]?\d[\d.]*)\s*(?:,|$)')
_HCL_PAIR = re.compile(r'\s*("[^"]*"|[A-Za-z_][\w-]*)\s*[=:]\s*'
                       r'("(?:[^"\\]|\\.)*"|[^,\n]+?)\s*(?:,|\n|$)')


def _pieces(pattern: re.Pattern[str], body: str) -> list[re.Match[str]] | None:
    """Matches of ``pattern`` that cover ``body`` end to end, or None if something else
    (a call, an expression) is in the way."""
    found: list[re.Match[str]] = []
    pos = 0
    body = body.strip()
    while pos < len(body):
        match = pattern.match(body, pos)
        if not match or match.end() == pos:
            return None
        found.append(match)
        pos = match.end()
    return found


def _hcl_list(body: str) -> tuple[Any, ...] | None:
    """``[aws_db_instance.orders.arn, "x"]`` on one line: references, strings and numbers
    (what the whole-file parser also reads as a list); None when it is anything fancier
    (function calls, expressions, nested objects)."""
    found = _pieces(_HCL_ITEM, body)
    return None if found is None else tuple(hcl_scalar(m.group(1)) for m in found)


def _hcl_object(body: str) -> dict[str, Any] | None:
    """``{ env = "prod", tier = 1 }`` on one line; None when it is anything fancier."""
    found = _pieces(_HCL_PAIR, body)
    return None if found is None else {m.group(1).strip('"'): hcl_scalar(m.group(2))
                                       for m in found}


def flat_scalar(text: str) -> Any:
    """INI, .properties and .env values: strings, with quotes removed; numbers and booleans
    stay strings here and are compared loosely by the predicates."""
    text = text.strip()
    quoted = _unquote(text)
    return quoted if quoted is not None else text


PARSERS = {
    Format.YAML: yaml_scalar,
    Format.JSON: json_scalar,
    Format.TOML: toml_scalar,
    Format.HCL: hcl_scalar,
    Format.INI: flat_scalar,
    Format.PROPERTIES: flat_scalar,
    Format.ENV: flat_scalar,
}
