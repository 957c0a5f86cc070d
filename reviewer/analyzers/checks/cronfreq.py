"""How often a schedule fires, in runs per year, from the forms schedulers write it in.

Cron (5 fields, 6-field Quartz with seconds, AWS ``cron(...)``), ``@daily``-style macros,
AWS ``rate(...)``, systemd ``OnCalendar=``/``OnUnitActiveSec=``, Celery ``crontab(...)`` and
Python ``timedelta(...)``. The figure is an estimate good enough to compare two schedules
(day-of-month × months, weekdays × 52), not a calendar.
"""

from __future__ import annotations

import re

_YEAR_MINUTES = 365 * 24 * 60
_MACROS = {"@yearly": 1.0, "@annually": 1.0, "@monthly": 12.0, "@weekly": 52.0,
           "@daily": 365.0, "@midnight": 365.0, "@hourly": 365.0 * 24}
_SYSTEMD = {"minutely": _YEAR_MINUTES, "hourly": 365.0 * 24, "daily": 365.0, "weekly": 52.0,
            "monthly": 12.0, "quarterly": 4.0, "semiannually": 2.0, "yearly": 1.0,
            "annually": 1.0}
_NAMES = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAYS = {name: i for i, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
_SPANS = {"minute": (0, 59), "hour": (0, 23), "dom": (1, 31), "month": (1, 12), "dow": (0, 6),
          "second": (0, 59)}


def field_count(text: str, span: tuple[int, int]) -> tuple[int, bool]:
    """How many values a cron field allows, and whether it is unrestricted (``*``/``?``)."""
    low, high = span
    text = text.strip().lower()
    if text in ("*", "?"):
        return high - low + 1, True
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else 1
        if base in ("*", "?"):
            start, stop = low, high
        elif "-" in base:
            first, _, last = base.partition("-")
            start, stop = _value(first, low), _value(last, high)
        else:
            start = _value(base, low)
            stop = high if step_text else start
        if stop < start:  # a wrapping range such as fri-mon
            stop += high - low + 1
        values.update(range(start, stop + 1, step))
    return max(1, len(values)), False


def _value(text: str, default: int) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    key = text[:3]
    if key in _NAMES:
        return _NAMES[key]
    if key in _DAYS:
        return _DAYS[key]
    digits = re.match(r"\d+", text)  # L, W, 5#3 and similar: one value
    return int(digits.group(0)) if digits else default


def cron_runs(expression: str) -> float | None:
    """Runs per year of a cron expression (5 fields, or 6 with seconds first)."""
    fields = expression.split()
    if len(fields) == 6:
        seconds, _ = field_count(fields[0], _SPANS["second"])
        fields = fields[1:]
    elif len(fields) == 5:
        seconds = 1
    else:
        return None
    try:
        minutes, _ = field_count(fields[0], _SPANS["minute"])
        hours, _ = field_count(fields[1], _SPANS["hour"])
        dom, any_dom = field_count(fields[2], _SPANS["dom"])
        months, _ = field_count(fields[3], _SPANS["month"])
        dow, any_dow = field_count(fields[4], _SPANS["dow"])
    except ValueError:
        return None
    month_share = min(months, 12) / 12
    if any_dom and any_dow:
        days = 365 * month_share
    elif any_dow:
        days = dom * min(months, 12)
    elif any_dom:
        days = 52 * min(dow, 7) * month_share
    else:
        days = dom * min(months, 12) + 52 * min(dow, 7) * month_share
    return float(seconds * minutes * hours * days)


def duration_seconds(amount: float, unit: str) -> float | None:
    unit = unit.lower().rstrip("s")
    unit = {"min": "minute", "sec": "second", "hr": "hour", "h": "hour", "m": "minute",
            "s": "second", "d": "day", "w": "week"}.get(unit, unit)
    factor = _UNIT_SECONDS.get(unit)
    return amount * factor if factor else None


def every_runs(seconds: float) -> float | None:
    return 365 * 86400 / seconds if seconds > 0 else None


_TIMEDELTA = re.compile(r"(\w+)\s*=\s*(\d+(?:\.\d+)?)")
_SYSTEMD_SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_CELERY_ARG = re.compile(r"(minute|hour|day_of_week|day_of_month|month_of_year)\s*=\s*"
                         r"[\"']?([^\"',)]+)[\"']?")


def runs_per_year(text: str) -> float | None:
    """Runs per year of one schedule as written, or None when it cannot be read."""
    text = text.strip().strip("\"'")
    lowered = text.lower()
    if lowered in _MACROS:
        return _MACROS[lowered]
    if lowered in _SYSTEMD:
        return _SYSTEMD[lowered]
    if lowered.startswith("cron(") and lowered.endswith(")"):
        fields = text[5:-1].split()
        return cron_runs(" ".join(fields[:5])) if len(fields) >= 5 else None
    rate = re.fullmatch(r"rate\(\s*(\d+)\s+(\w+)\s*\)", lowered)
    if rate:
        seconds = duration_seconds(float(rate.group(1)), rate.group(2))
        return every_runs(seconds) if seconds else None
    if lowered.startswith("timedelta("):
        total = sum(duration_seconds(float(n), u) or 0 for u, n in _TIMEDELTA.findall(lowered))
        return every_runs(total)
    if lowered.startswith("crontab("):
        args = dict(_CELERY_ARG.findall(lowered))
        return cron_runs(" ".join(args.get(k, "*") for k in (
            "minute", "hour", "day_of_month", "month_of_year", "day_of_week")))
    if re.fullmatch(r"(?:\d+(?:\.\d+)?\s*[a-z]+\s*)+", lowered):  # systemd 1h 30min
        total = sum(duration_seconds(float(n), u) or 0 for n, u in _SYSTEMD_SPAN.findall(lowered))
        return every_runs(total)
    if re.fullmatch(r"[\w*?,/#-]+(?:\s+[\w*?,/#-]+){4,5}", text):
        return cron_runs(text)
    return _calendar_runs(lowered)


def _calendar_runs(text: str) -> float | None:
    """systemd OnCalendar: ``[weekdays] [date] time``, e.g. ``Mon..Fri *-*-* 02:00:00``."""
    parts = text.split()
    if not parts or ":" not in parts[-1]:
        return None
    days_share = 1.0
    if re.fullmatch(r"[a-z.,]+", parts[0]):
        days = 0
        for item in parts[0].split(","):
            first, _, last = item.partition("..")
            if last:
                days += (_DAYS.get(last[:3], 0) - _DAYS.get(first[:3], 0)) % 7 + 1
            else:
                days += 1
        days_share = min(days, 7) / 7
    clock = parts[-1].split(":")
    hours, _ = field_count(clock[0].replace("..", "-"), _SPANS["hour"])
    minutes, _ = field_count(clock[1].replace("..", "-"), _SPANS["minute"]) \
        if len(clock) > 1 else (1, False)
    return 365 * days_share * hours * minutes
