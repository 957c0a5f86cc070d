from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck

POLICIES = "policies:\n  - name: default\n    consumer: projects/*\n    limit: 600\n"


@pytest.mark.parametrize(("added", "expected"), [
    # a new entry with two blank fields beside filled ones
    ('  - name: burst\n    consumer: ""\n    limit: null\n    unit: "1/min"\n',
     [(6, "new", "consumer, limit")]),
    # one blank field is an optional value left empty
    ('  - name: burst\n    consumer: ""\n    limit: 900\n', []),
    # every field filled in
    ("  - name: burst\n    consumer: projects/p\n    limit: 900\n", []),
    # two new entries, each with one blank field: neither has two
    ('  - name: a\n    consumer: ""\n    limit: 1\n  - name: b\n    consumer: p\n    limit: null\n',
     []),
])
def test_blank_entries(run_check: RunCheck, added: str, expected: list[tuple[int, str, str]]
                       ) -> None:
    found = run_check("blank-values", "policies/quota/policies.yaml", POLICIES,
                      POLICIES + added, {"kind": "blank-entry", "min_blank": 2}, key="fields")
    assert found == expected


def test_blank_fields_of_a_mapping_that_is_not_a_list_entry_are_not_reported(
        run_check: RunCheck) -> None:
    before = "image:\n  pullPolicy: IfNotPresent\n"
    after = before + 'serviceAccount:\n  create: true\n  name: ""\n  annotations: null\n'
    assert run_check("blank-values", "charts/api/values.yaml", before, after,
                     {"kind": "blank-entry"}) == []


RECORDS = ('{"instances": [\n'
           '  {"id": "a", "values": ["p1", "*", "x.exe", 1, false, "*"]},\n'
           '  {"id": "b", "values": ["p2", "*", "*", 0, true, ".*"]}\n'
           ']}\n')


@pytest.mark.parametrize(("record", "expected"), [
    ('["p3", "*", "y.exe", 0, true]', [(4, "new", "5")]),
    ('["p3", "*", "y.exe", 0, true, "*"]', []),
    # a different shape is a different kind of record, not a short one
    ('[0, "p3", "*", true, "y.exe"]', []),
])
def test_short_records(run_check: RunCheck, record: str, expected: list[tuple[int, str, str]]
                       ) -> None:
    after = RECORDS.replace('".*"]}\n', '".*"]},\n  {"id": "c", "values": ' + record + "}\n")
    found = run_check("blank-values", "content/instances/c-1.json", RECORDS, after,
                      {"kind": "short-record"}, key="what")
    assert [(line, side, what.split(" has ")[1].split()[0]) for line, side, what in found] == \
        expected
