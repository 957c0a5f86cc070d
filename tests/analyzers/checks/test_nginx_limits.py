from __future__ import annotations

import pytest

from reviewer.analyzers.checks import checks
from tests.analyzers.checks.conftest import check_hits

ZONES = ("limit_req_zone $binary_remote_addr zone=login:10m rate=5r/m;\n"
         "limit_req_zone $binary_remote_addr zone=per_ip:20m rate=100r/s;\n"
         "limit_req_zone $binary_remote_addr zone=bulk:20m rate=5000r/s;\n")
LOCATION = "location /api/ {{\n    limit_req zone={zone} burst=20;\n}}\n"


@pytest.mark.parametrize(("before", "after", "expected"), [
    # the location points at a zone fifty times faster
    (ZONES + LOCATION.format(zone="per_ip"), ZONES + LOCATION.format(zone="bulk"),
     [(5, "new", ("limit_req zone=per_ip → zone=bulk", "100r/s", "5000r/s"))]),
    # the zone's own rate raised tenfold
    (ZONES + LOCATION.format(zone="per_ip"),
     ZONES.replace("rate=100r/s", "rate=1000r/s") + LOCATION.format(zone="per_ip"),
     [(2, "new", ("limit_req_zone per_ip", "100r/s", "1000r/s"))]),
    # per minute counts as a sixtieth per second: 5r/m → 6r/s is seventy-two times higher
    (ZONES + LOCATION.format(zone="login"),
     ZONES.replace("rate=5r/m", "rate=6r/s") + LOCATION.format(zone="login"),
     [(1, "new", ("limit_req_zone login", "5r/m", "6r/s"))]),
    # a tighter zone, a modest raise and an unchanged file are not reported
    (ZONES + LOCATION.format(zone="per_ip"), ZONES + LOCATION.format(zone="login"), []),
    (ZONES + LOCATION.format(zone="per_ip"),
     ZONES.replace("rate=100r/s", "rate=300r/s") + LOCATION.format(zone="per_ip"), []),
    # a zone whose rate is nowhere to be seen is not judged
    (LOCATION.format(zone="per_ip"), LOCATION.format(zone="edge"), []),
])
@pytest.mark.parametrize("mode", ["diff", "git"])
def test_rate_raised(mode: str, before: str, after: str,
                     expected: list[tuple[int, str, tuple[str, str, str]]]) -> None:
    found = check_hits(checks()["nginx-rate"], "deploy/nginx/conf.d/api.conf", before, after,
                       {"factor": 10}, mode)
    assert [(h.line, h.side.value, (h.values["key"], h.values["old"], h.values["new"]))
            for h in found] == expected
