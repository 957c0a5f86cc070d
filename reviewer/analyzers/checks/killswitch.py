"""Kill switches removed: the flag or config key, or the code that checks it.

Names read as kill switches: ``kill_switch``/``killSwitch``, ``emergency_stop`` and similar,
``panic_button``, ``off_switch``, ``big_red_button``, a circuit breaker's ``force_open``;
``disable_*`` and ``*_disabled`` only in flag or switch files or as the name passed to a flag
lookup in code (elsewhere ``disable_cache`` is an ordinary setting). A switch counts as removed
when a deleted line names it and no added line names it again, so a moved or reworded check is
not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.checks.lineviews import unmatched_removals
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import LineKind

_SWITCH = (r"kill[-_]?switch(?:es)?|emergency[-_]?(?:stop|disable|off|shutdown|brake|switch)"
           r"|panic[-_]?(?:button|mode|switch)|off[-_]?switch|big[-_]?red[-_]?button")
_NAME = re.compile(rf"(?i)[A-Za-z0-9_.-]*(?:{_SWITCH})[A-Za-z0-9_-]*")
_IDENTIFIER = re.compile(rf"(?i)[A-Za-z0-9_]*(?:{_SWITCH})[A-Za-z0-9_]*")
_FORCE_OPEN = re.compile(r"(?i)force[-_]?open")
_BREAKER = re.compile(r"(?i)circuit|breaker|hystrix|resilience4j")
_OFF_NAME = r"(?:disable|kill)[-_.][\w.-]+|[\w.-]+[-_.]disabled"
"""``disable_reco_panel`` and ``reco_panel_disabled`` both name the switch that turns it off."""
_DISABLE_KEY = re.compile(rf"""^\s*-?\s*["']?(?P<name>{_OFF_NAME})["']?\s*[:=]""", re.I)
_FLAG_LOOKUP = re.compile(
    rf"""(?i)(?:flag|feature|toggle|switch|unleash|variation|enabled|launchdarkly|ld_?client
        |split)\w*(?:\.\w+)?
        \s*\(\s*(?:[^,()"']+(?:\([^()]*\))?\s*,\s*)?
        ["'](?P<name>{_OFF_NAME})["']""", re.X)
_LOGGING = re.compile(r"(?i)\b(?:log(?:ger)?|console|print|printf|println|puts|echo|warn|info"
                      r"|debug)\b\s*[.(]")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_TABLE = re.compile(r"""^\s*\[\[?\s*(?:[\w-]+\.)*(?P<key>[\w-]+)\s*\]\]?\s*(?:#.*)?$""")
"""A TOML or INI section (``[killswitches]``, ``[ingest.kill_switch]``) that holds switches."""
_HINTS = ("kill", "emergency", "panic", "switch", "button", "force", "disable")
"""Words every kill-switch name contains one of (lower-cased): most lines are skipped cheaply."""
FLAG_PATHS = (r"(?i)(?:^|/)[^/]*(?:flag|feature|toggle|killswitch|kill-switch)[^/]*(?:/|$)"
              r"|(?:^|/)[^/]*switch(?:es|board)[^/]*\.(?:ya?ml|json|toml|properties)$")
"""Flag and toggle files, and runtime switch files (switches.yaml, switchboard.json)."""


def _norm(text: str) -> str:
    return re.sub(r"[-_. ]", "", text.lower())


def _hinted(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _HINTS)


def config_tokens(text: str, flag_file: bool) -> list[str]:
    """Kill-switch names a configuration line defines (as a key)."""
    if not _hinted(text):
        return []
    key = re.match(r"""^\s*-?\s*["']?(?P<key>[\w.-]+)["']?\s*[:=]""", text) or _TABLE.match(text)
    if key is None:
        return []
    name = key.group("key")
    if _NAME.fullmatch(name) or (_FORCE_OPEN.search(name) and _BREAKER.search(text)):
        return [_norm(name)]
    if flag_file and _DISABLE_KEY.match(text):
        return [_norm(name)]
    return []


def code_tokens(text: str) -> list[str]:
    """Kill switches a code line refers to (outside strings, or as a flag lookup's name)."""
    if not _hinted(text) or _LOGGING.search(text):
        return []
    found = [_norm(m.group(0)) for m in _IDENTIFIER.finditer(_STRING.sub('""', text))]
    found += [_norm(m.group("name")) for m in _FLAG_LOOKUP.finditer(text)]
    named = [m.group(0) for m in _STRING.finditer(text)]
    if not found:  # a switch looked up by name: flags.isOn("payments_kill_switch")
        found = [_norm(s[1:-1]) for s in named if _NAME.fullmatch(s[1:-1])][:1]
    if found and named:  # kill_switch("payments") and kill_switch("orders") are two switches
        found = [f"{token}:{_norm(named[0])}" for token in found]
    return found


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``kind``: ``config`` (default) or ``code``; ``flag_paths``: regex for paths
    whose ``disable_*`` keys count as kill switches."""
    if str(options.get("kind", "config")) == "code":
        return _hits(ctx, code_tokens)
    flag_file = re.search(str(options.get("flag_paths", FLAG_PATHS)), ctx.path) is not None
    return _hits(ctx, lambda text: config_tokens(text, flag_file))


def _hits(ctx: FileContext, tokens: Any) -> Iterator[Hit]:
    # Only a deleted line naming a switch can be a removal, and each name holds a hint word.
    removed = ctx.joined(LineKind.REMOVED, lowered=True)
    if not any(hint in removed for hint in _HINTS):
        return
    for removal in unmatched_removals(ctx.change, tokens):
        line = removal.line
        yield Hit(line.number, line.side, line.text.strip()[:240],
                  anchor=f"killswitch:{removal.token}",
                  values={"line_text": line.text.strip()[:120]})
