"""Routing terms that accept everything, dropped import/export policies, DNS zone records and
production identifiers in non-production config."""

from __future__ import annotations

import pytest

from tests.analyzers.checks.conftest import RunCheck

JUNOS_BEFORE = """policy-options {
    policy-statement peer-in {
        term customers {
            from community customer;
            then accept;
        }
        term rest {
            then reject;
        }
    }
}
"""


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("network/edge.junos", JUNOS_BEFORE, JUNOS_BEFORE.replace("then reject", "then accept"),
     [(8, "new", "term rest")]),
    ("network/edge.junos", JUNOS_BEFORE,
     JUNOS_BEFORE.replace("            from community customer;\n", ""),
     [(4, "new", "term customers")]),
    ("network/edge.junos", JUNOS_BEFORE, JUNOS_BEFORE.replace("customer;", "partner;"), []),
    ("network/edge.junos", None,
     "policy-options {\n    policy-statement all-in {\n        then accept;\n    }\n}\n",
     [(3, "new", "policy-statement all-in")]),
    ("network/edge.set", None,
     "set policy-options policy-statement in term a from community c\n"
     "set policy-options policy-statement in term a then accept\n"
     "set policy-options policy-statement in term b then accept\n",
     [(3, "new", "policy-statement in term b")]),
    ("network/leaf.ios", "route-map OUT permit 10\n match ip address prefix-list L\n!\n",
     "route-map OUT permit 10\n set metric 5\n!\n", [(1, "new", "route-map OUT permit 10")]),
    ("network/leaf.ios", "route-map OUT deny 10\n match ip address prefix-list L\n!\n",
     "route-map OUT deny 10\n!\n", []),
])
def test_open_terms(run_check: RunCheck, path: str, before: str | None, after: str,
                    expected: list[tuple[int, str, str]]) -> None:
    assert run_check("open-route-term", path, before, after, key="match") == expected


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("import [ a b ];\n", "import [ b ];\n", [(1, "old", "import policy a")]),
    ("import a;\n", "import [ x a ];\n", []),
    ("export [ a b ];\n", "export [ b a ];\n", []),
    # BIRD channels: a named filter replaced by "all", a limit that is not a filter
    ("  import filter cust_in;\n", "  import all;\n", [(1, "old", "import policy cust_in")]),
    ("  import filter cust_in;\n", "  import filter cust_v2_in;\n",
     [(1, "old", "import policy cust_in")]),
    ("  import filter cust_in;\n  import limit 50;\n", "  import filter cust_in;\n", []),
    ("  import filter cust_in;\n", "  import none;\n", []),
])
def test_dropped_import_export_policies(run_check: RunCheck, before: str, after: str,
                                        expected: list[tuple[int, str, str]]) -> None:
    assert run_check("open-route-term", "network/r1.junos", before, after,
                     {"kind": "dropped-filters"}, key="match") == expected


ZONE = """$TTL 300
@       IN  NS   ns1.acmeshop.com.
@       IN  MX   10 mx1.acmeshop.com.
api     IN  A    192.0.2.10
        IN  AAAA 2001:db8::10
www  60 IN  A    192.0.2.20
"""


@pytest.mark.parametrize(("after", "options", "expected"), [
    (ZONE.replace("        IN  AAAA 2001:db8::10\n", ""), {"kind": "removed"},
     [(5, "old", "api AAAA")]),
    (ZONE.replace("192.0.2.10", "192.0.2.11"), {"kind": "removed"}, []),
    (ZONE.replace("mx1", "mx9"), {"kind": "delegation"},
     [(3, "new", "@ MX 10 mx9.acmeshop.com."), (3, "old", "@ MX 10 mx1.acmeshop.com.")]),
    (ZONE.replace("www  60", "www  86400"), {"kind": "ttl"},
     [(6, "new", "www A TTL 60s → 86400s")]),
    (ZONE.replace("www  60", "www  300"), {"kind": "ttl"}, []),
    (ZONE.replace("$TTL 300", "$TTL 2d"), {"kind": "ttl"}, [(1, "new", "$TTL 300s → 172800s")]),
])
def test_dns_zone(run_check: RunCheck, after: str, options: dict[str, object],
                  expected: list[tuple[int, str, str]]) -> None:
    assert run_check("dns-zone", "dns/zones/acmeshop.com.zone", ZONE, after, options) == expected


@pytest.mark.parametrize(("line", "options", "expected"), [
    ("DATABASE_URL=postgres://app@orders-db.prod.internal:5432/app", {},
     "postgres://app@orders-db.prod.internal:5432/app"),
    ("queue: payments-production", {}, "payments-production"),
    ("api: https://api.preprod.acme.io", {}, None),
    ("api: https://api.non-prod.acme.io", {}, None),
    ("catalog: https://products.acme.io/v2", {}, None),
    ("# was orders-db.prod.internal", {}, None),
    ("image: registry.prod.acme.io/orders:1.2", {}, None),
    ("role_arn: arn:aws:iam::111122223333:role/deployer", {"identifiers": ["111122223333"]},
     "111122223333"),
    ("bucket: acme-live-data", {"words": ["live"]}, "acme-live-data"),
])
def test_production_identifiers(run_check: RunCheck, line: str, options: dict[str, object],
                                expected: str | None) -> None:
    found = run_check("prod-identifier", "deploy/staging/app.yaml", None, line + "\n", options,
                      key="identifier")
    assert found == ([(1, "new", expected)] if expected else [])


@pytest.mark.parametrize(("line", "expected"), [
    ("    endpoint: https://use1-cell-09.preprod.acme.internal", "https://use1-cell-09.preprod.acme.internal"),
    ("  - host: checkout.staging.acme.io", "checkout.staging.acme.io"),
    ("    url: https://api.non-prod.acme.io/v1", "https://api.non-prod.acme.io/v1"),
    ("    endpoint: https://use1-cell-02.prod.acme.internal", None),
    ("    endpoint: https://developer.acme.io", None),
    ("    weight: 10", None),
    ("    # endpoint: https://cell-09.staging.acme.internal", None),
])
def test_nonproduction_endpoints(run_check: RunCheck, line: str, expected: str | None) -> None:
    found = run_check("prod-identifier", "routing/cells/us-east-1.yaml", None, line + "\n",
                      {"environment": "nonprod"}, key="identifier")
    assert found == ([(1, "new", expected)] if expected else [])
