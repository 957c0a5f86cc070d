from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.killswitch import FLAG_PATHS, check, code_tokens, config_tokens
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("line", "flag_file", "tokens"), [
    ("  payments_kill_switch: false", False, ["paymentskillswitch"]),
    ('  "killSwitch": true,', False, ["killswitch"]),
    ("search.emergency_stop=false", False, ["searchemergencystop"]),
    ("  circuitBreaker.forceOpen: false", False, ["circuitbreakerforceopen"]),
    ("  disable_new_checkout: false", True, ["disablenewcheckout"]),
    ("  disable_new_checkout: false", False, []),
    ("  reco_panel_disabled:", True, ["recopaneldisabled"]),
    ("  reco_panel_disabled: false", False, []),
    ("  forceOpen: false", False, []),
    ("  kill_timeout: 30", False, []),
    # a TOML or INI section holding switches, removed with them
    ("[killswitches]", False, ["killswitches"]),
    ("[ingest.kill_switch]  # flip in an incident", False, ["killswitch"]),
    ("[switches]", False, []),
])
def test_config_tokens(line: str, flag_file: bool, tokens: list[str]) -> None:
    assert config_tokens(line, flag_file) == tokens


@pytest.mark.parametrize(("line", "tokens"), [
    ('    if flags.kill_switch("payments"):', ['killswitch:"payments"']),
    ('  if (killSwitch.isActive("checkout")) {', ['killswitch:"checkout"']),
    ('    if ld.variation("disable-checkout", user, False):', ['disablecheckout:"disablecheckout"']),
    ('  if h.flags.IsEnabled(r.Context(), "kill.search") {', ['killsearch:"killsearch"']),
    ('  if (flags.isOn("payments_kill_switch")) {',
     ['paymentskillswitch:"paymentskillswitch"']),
    ('    if unleash.is_enabled("search-emergency-stop"):',
     ['searchemergencystop:"searchemergencystop"']),
    ('    logger.info("kill_switch engaged")', []),
    ('    msg = "see the kill switch runbook"', []),
    ("    if cfg.disable_cache:", []),
    ('\tif !h.switches.On("reco_panel_disabled") {',
     ['recopaneldisabled:"recopaneldisabled"']),
    ('    if cfg.get("cache_disabled"):', []),
])
def test_code_tokens(line: str, tokens: list[str]) -> None:
    assert code_tokens(line) == tokens


CODE = 'def quote(cart):\n    if flags.kill_switch("pricing"):\n        return legacy(cart)\n' \
       '    return engine(cart)\n'


@pytest.mark.parametrize(("after", "expected"), [
    ("def quote(cart):\n    return engine(cart)\n", [(2, Side.OLD)]),
    (CODE.replace('kill_switch("pricing")', 'kill_switch("pricing") or cart.b2b'), []),
    (CODE.replace('kill_switch("pricing")', 'kill_switch("pricing-v2")'), [(2, Side.OLD)]),
])
def test_removed_checks(hits: RunCheck, after: str, expected: list[tuple[int, Side]]) -> None:
    found = hits(check, "app/pricing.py", CODE, after, {"kind": "code"})
    assert [(h.line, h.side) for h in found] == expected


@pytest.mark.parametrize(("path", "flag_file"), [
    ("config/prod/storefront/switches.yaml", True),
    ("ops/runtime-switchboard.json", True),
    ("config/flags/checkout.yaml", True),
    ("network/switches/core.txt", False),
    ("config/app.yaml", False),
])
def test_flag_paths(path: str, flag_file: bool) -> None:
    assert (re.search(FLAG_PATHS, path) is not None) is flag_file
