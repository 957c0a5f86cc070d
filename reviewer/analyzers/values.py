"""Loose reading of configuration values: ``"25%"`` is 25, ``"5m"`` is 300, ``"off"`` false."""

from __future__ import annotations

import functools
import re
from typing import Any

from reviewer.structured.model import ABSENT

_NUMBER = re.compile(
    r"^\s*([-+]?\d+(?:\.\d+)?)\s*(%|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hours?"
    r"|d|days?|w|weeks?)?\s*$", re.I)
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
                 "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
                 "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
                 "d": 86400, "day": 86400, "days": 86400, "w": 604800, "week": 604800,
                 "weeks": 604800}
_GO_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(h|m|s|ms))+$")
_GO_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_ISO_DURATION = re.compile(
    r"^p(?:(?P<w>\d+(?:\.\d+)?)w)?(?:(?P<d>\d+(?:\.\d+)?)d)?"
    r"(?:t(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?)?$")
"""ISO 8601 durations (``PT2H``, ``P1DT30M``), as Spinnaker, Azure and CloudFormation write
them; years and months have no fixed length and are not read."""
_ISO_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_TRUE = {"true", "yes", "on", "enabled", "enable"}
_FALSE = {"false", "no", "off", "disabled", "disable"}


def as_number(value: Any) -> float | None:
    """A number, percentage or duration (in seconds) read from ``value``, else None."""
    if value is ABSENT or value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    return _number_text(value)


@functools.lru_cache(maxsize=16384)
def _number_text(value: str) -> float | None:
    """Cached: every numeric predicate of every rule reads the same few values of a file."""
    match = _NUMBER.match(value)
    if match:
        number = float(match.group(1))
        unit = (match.group(2) or "").lower()
        return number * _UNIT_SECONDS[unit] if unit in _UNIT_SECONDS else number
    text = value.strip().lower()
    if _GO_DURATION.match(text):  # 1h30m, 2m30s
        return sum(float(n) * _UNIT_SECONDS[u] for n, u in _GO_PART.findall(text))
    iso = _ISO_DURATION.match(text) if text.startswith("p") else None
    if iso is not None and any(iso.groupdict().values()):
        return sum(float(n) * _ISO_UNITS[u] for u, n in iso.groupdict().items() if n)
    return None


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().strip("\"'").lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def is_empty(value: Any) -> bool:
    if value is ABSENT:
        return False
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in ("", '""', "''")
    if isinstance(value, tuple | list | dict):
        return len(value) == 0
    return False


def equals(value: Any, expected: Any) -> bool:
    """``value`` is ``expected``, read the way a config consumer would."""
    if value is ABSENT:
        return False
    if expected is None:
        return value is None or (isinstance(value, str)
                                  and value.strip().lower() in ("null", "~", "none"))
    if isinstance(expected, bool):
        return as_bool(value) is expected
    if isinstance(expected, int | float):
        number = as_number(value)
        return number is not None and number == float(expected)
    if isinstance(expected, str):
        if isinstance(value, str):
            return value.strip().lower() == expected.strip().lower()
        if isinstance(value, tuple | list):
            return False
        return str(value).lower() == expected.lower()
    return bool(value == expected)


def elements(value: Any) -> list[Any]:
    if isinstance(value, tuple | list):
        return list(value)
    if value is ABSENT:
        return []
    return [value]


def contains(value: Any, needle: Any) -> bool:
    """A string holding ``needle``, or a list with an element equal to or holding it."""
    if value is ABSENT or value is None:
        return False
    if isinstance(value, str):
        return isinstance(needle, str) and needle.lower() in value.lower()
    if isinstance(value, tuple | list):
        return any(equals(v, needle) or (isinstance(v, str) and isinstance(needle, str)
                                         and needle.lower() in v.lower()) for v in value)
    if isinstance(value, dict):
        return any(contains(v, needle) for v in value.values())
    return equals(value, needle)
