from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck

INGRESS = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\n"
           "  annotations:\n    external-dns.alpha.kubernetes.io/hostname: {names}\n")


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("api.example.org,api-eu.example.org", "api.example.org", [(6, "old", "api-eu.example.org")]),
    ('"a.example.org, b.example.org"', '"b.example.org"', [(6, "old", "a.example.org")]),
    ("a.example.org", "a.example.org,b.example.org", []),
    ("a.example.org.,b.example.org", "b.example.org,a.example.org", []),
    ("a.example.org", "c.example.org", [(6, "old", "a.example.org")]),
])
def test_names_that_leave_the_annotation(run_check: RunCheck, before: str, after: str,
                                         expected: list[tuple[int, str, str]]) -> None:
    found = run_check("external-dns-hostnames", "k8s/prod/ingress.yaml",
                      INGRESS.format(names=before), INGRESS.format(names=after), key="name")
    assert found == expected


def test_a_deleted_resource_is_not_read(run_check: RunCheck) -> None:
    assert run_check("external-dns-hostnames", "k8s/prod/ingress.yaml",
                     INGRESS.format(names="a.example.org"), None) == []
