from __future__ import annotations

import pytest

from reviewer.analyzers.checks.regex_cost import costly
from tests.analyzers.checks.conftest import RunCheck

CLOUDFLARE_2019 = (r"(?:(?:\"|'|\]|\}|\\|\d|(?:nan|infinity|true|false|null|undefined|symbol|"
                   r"math)|`|\-|\+)+[)]*;?((?:\s|-|~|!|{}|\|\||\+)*.*(?:.*=.*)))")


@pytest.mark.parametrize(("pattern", "reason"), [
    (r"(a+)+$", "nested quantifier"),
    (r"(.*)*", "nested quantifier"),
    (r"^(\w+\s*)+$", "nested quantifier"),
    (r"(.*a){20}", "nested quantifier"),
    (r"(x+x+)+y", "nested quantifier"),
    (r"(?<name>a+)+", "nested quantifier"),
    (r"(a|b+)+c", "nested quantifier inside an alternative"),
    (r".*(?:.*=.*)", "adjacent unbounded wildcards"),
    (CLOUDFLARE_2019, "adjacent unbounded wildcards"),
    (r"(\w|\d)+", "alternatives that match the same text"),
    (r"(\s|.)*x", "alternatives that match the same text"),
    (r"(a|aa)+b", "optional piece"),
])
def test_costly_patterns(pattern: str, reason: str) -> None:
    assert (costly(pattern) or "").startswith(reason)


@pytest.mark.parametrize("pattern", [
    r"(\d+\.)+\d+", r"[^\"]*", r'(?:[^"\\]|\\.)*', r"^(\d{1,3}\.){3}\d{1,3}$", r"(a+b)+",
    r"(\s*,\s*\w+)*", r"([a-z]+[0-9]+)+", r"(ab|a)+", r"(foo|foobar)+", r"(?>a+)+", r"(a++)+",
    r"^\s*(.*?)\s*$", r".*error.*", r"^/(?:[\w-]+/)*[\w-]+\.html$", r"(.+)", r"(.*):(\d+)",
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$", r"(a|b)*c", r"\p{L}+",
    r"^(?=.*[A-Z])(?=.*\d).{8,}$", "not a ((regex", "a" * 5000 + "(a+)+",
])
def test_everyday_patterns_stay_quiet(pattern: str) -> None:
    assert costly(pattern) is None


@pytest.mark.parametrize(("path", "before", "after", "options", "expected"), [
    ("edge/waf/rules.yaml", "rules:\n  - pattern: '^[a-z]+$'\n",
     "rules:\n  - pattern: '^([a-z]+)+$'\n", {}, [(2, "^([a-z]+)+$")]),
    ("edge/waf/rules.yaml", "rules:\n  - pattern: '^([a-z]+)+$'\n",
     "rules:\n  - pattern: '^([a-z]+)+$x'\n", {}, []),
    ("edge/waf/rules.yaml", "rules:\n  - name: a\n", "rules:\n  - name: '(a+)+'\n", {}, []),
    ("edge/waf/rules.yaml", None, "expr: 'req.path =~ \"(x+x+)+y\"'\n", {}, [(1, "(x+x+)+y")]),
    # a WAF rule's expression is its pattern ...
    ("waf/rulesets/xss.yaml", "rules:\n  - id: 1\n", "rules:\n  - id: 1\n    expression: '(a+)+$'\n",
     {}, [(3, "(a+)+$")]),
    # ... unless it is a rule-language expression: then only the pattern it embeds counts
    ("waf/rulesets/xss.yaml", None,
     "expression: 'http.request.uri.path matches \"(a+)+$\" and ip.src ne 1.2.3.4'\n", {},
     [(1, "(a+)+$")]),
    ("waf/rulesets/xss.yaml", None,
     "expression: 'http.request.uri.path wildcard \"/*/*.php\"'\n", {}, []),
    ("conf/nginx/site.conf", None, "location ~* ^/(\\w+\\.?)+$ {\n}\n", {}, [(1, "^/(\\w+\\.?)+$")]),
    # HAProxy ACLs: match flags (-i) between the fetch and the pattern
    ("lb/haproxy/haproxy.cfg", None, "acl bots hdr_reg(User-Agent) -i ^(\\w+-?)*bot$\n", {},
     [(1, "^(\\w+-?)*bot$")]),
    ("lb/haproxy/haproxy.cfg", None, "acl api path -m reg -i ^/([a-z0-9]+/?)+$\n", {},
     [(1, "^/([a-z0-9]+/?)+$")]),
    ("lb/haproxy/haproxy.cfg", None, "acl api path_reg -i ^/api/v[0-9]+/\n", {}, []),
    ("svc/check.py", None, 'R = re.compile("^(\\\\w+\\\\s?)*$")\n', {"code": True},
     [(1, "^(\\w+\\s?)*$")]),
    ("svc/check.go", None, "var r = regexp.MustCompile(`^(a|a)*$`)\n", {"code": True},
     [(1, "^(a|a)*$")]),
    ("svc/check.py", None, 'R = re.compile(r"^[a-z]+$")\n', {"code": True}, []),
])
def test_where_patterns_are_found(run_check: RunCheck, path: str, before: str | None,
                                  after: str, options: dict[str, object],
                                  expected: list[tuple[int, str]]) -> None:
    found = run_check("costly-regex", path, before, after, options, key="pattern")
    assert [(line, pattern) for line, _, pattern in found] == expected
