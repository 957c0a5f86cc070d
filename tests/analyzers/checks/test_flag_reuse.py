from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("svc/flags.py", "FLAG_A = 1 << 3\nFLAG_B = 1 << 4\n", "FLAG_C = 1 << 3\nFLAG_B = 1 << 4\n",
     [(1, "FLAG_A→FLAG_C=8")]),
    ("svc/flags.go", "const (\n\tPermRead = 0x01\n\tPermAdmin = 0x04\n)\n",
     "const (\n\tPermRead = 0x01\n\tPermBilling = 0x04\n)\n", [(3, "PermAdmin→PermBilling=4")]),
    ("svc/Features.java", "    LEGACY_ROUTING(7),\n", "    SPLIT_SHIPMENTS(7),\n", []),
    ("svc/Features.java", "    FEATURE_LEGACY(7),\n", "    FEATURE_SPLIT(7),\n",
     [(1, "FEATURE_LEGACY→FEATURE_SPLIT=7")]),
    ("svc/settings.py", "RETRIES = 3\n", "WORKERS = 3\n", []),
    ("svc/flags.py", "FLAG_A = 1 << 3\nFLAG_B = 1 << 4\n", "FLAG_B = 1 << 3\nFLAG_A = 1 << 4\n", []),
    ("api/order.proto", "message O {\n  int64 total = 4;\n}\n", "message O {\n  string coupon = 4;\n}\n",
     [(2, "total→coupon=4")]),
    ("api/order.proto", "message O {\n  int64 total = 4;\n}\n",
     "message O {\n  int64 total_cents = 4;\n}\n", [(2, "total→total_cents=4")]),
    ("api/svc.thrift", "struct O {\n  1: string id\n  2: i64 total\n}\n",
     "struct O {\n  1: string id\n  2: string coupon\n}\n", [(3, "total→coupon=2")]),
    ("flags/bits.json", '{"bits": {"legacy": 4, "other": 5}}\n',
     '{"bits": {"new_search": 4, "other": 5}}\n', [(1, "legacy→new_search=4")]),
    ("flags/state.yaml", "flags:\n  legacy:\n    enabled: 1\n", "flags:\n  fresh:\n    enabled: 1\n",
     []),
    ("flags/ids.yaml", "flags:\n  legacy:\n    id: 17\n", "flags:\n  fresh:\n    id: 17\n",
     [(3, "legacy→fresh=17")]),
    # renamed and described anew, the bit left as it was (context in a bare diff)
    ("flags/billing.yaml", "bits:\n  legacy:\n    bit: 7\n    owner: core\n",
     "bits:\n  fresh:\n    bit: 7\n    owner: tax\n", [(3, "legacy→fresh=7")]),
    ("flags/billing.yaml", "bits:\n  legacy:\n    bit: 7\n    owner: core\n",
     "bits:\n  fresh:\n    bit: 9\n    owner: tax\n", []),
    # a TOML table renamed, its id left as it was
    ("flags/search.toml", "[flags.legacy]\nid = 12\nowner = \"core\"\n",
     "[flags.fresh]\nid = 12\nowner = \"core\"\n", [(2, "legacy→fresh=12")]),
    ("flags/search.toml", "[flags.legacy]\nid = 12\n", "[flags.fresh]\nid = 13\n", []),
    ("flags/search.toml", "[flags.legacy]\nowner = \"core\"\n", "[flags.fresh]\nowner = \"core\"\n",
     []),
])
def test_reused_values_under_new_names(run_check: RunCheck, path: str, before: str, after: str,
                                       expected: list[tuple[int, str]]) -> None:
    found = run_check("flag-reuse", path, before, after, key="old_name")
    lines = [line for line, _, _ in found]
    names = [_describe(path, before, after)] if found else []
    assert list(zip(lines, names, strict=True)) == expected


def _describe(path: str, before: str, after: str) -> str:
    from reviewer.analyzers.checks import flags
    from reviewer.analyzers.context import FileContext
    from reviewer.analyzers.scope import Scope
    from reviewer.diff.synthetic import changeset

    ctx = FileContext(changeset([(path, before, after)]).files[0], Scope.DEFAULT)
    hit = next(iter(flags.check(ctx, {})))
    return f"{hit.values['old_name']}→{hit.values['new_name']}={hit.values['value']}"
