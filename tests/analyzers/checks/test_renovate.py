from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.renovate import check
from reviewer.analyzers.context import Hit

RunCheck = Callable[..., list[Hit]]
BASE = """{
  "extends": ["config:recommended"],
  "packageRules": [
    {
      "matchUpdateTypes": ["minor", "patch"],
      "commitMessageTopic": "{{depName}}",
      "automerge": false
    }
  ]
}
"""


@pytest.mark.parametrize(("after", "where"), [
    (BASE.replace('"automerge": false', '"automerge": true').replace('"patch"]', '"patch", "major"]'),
     ["a package rule matching major updates"]),
    (BASE.replace('"extends"', '"automerge": true,\n  "extends"'),
     ["every update, majors included (top level)"]),
    (BASE.replace('"extends": ["config:recommended"]', '"extends": ["config:recommended", ":automergeAll"]'),
     ["a preset that automerges major updates"]),
    (BASE.replace('"extends"', '"major": {\n    "automerge": true\n  },\n  "extends"'),
     ["the major update settings"]),
    (BASE.replace('"automerge": false', '"automerge": true'), []),
    (BASE.replace('"matchUpdateTypes": ["minor", "patch"],', '"matchPackageNames": ["eslint"],')
     .replace('"automerge": false', '"automerge": true'), []),
])
def test_automerge_scope(hits: RunCheck, after: str, where: list[str]) -> None:
    assert [h.values["where"] for h in hits(check, "renovate.json", BASE, after)] == where


def test_one_line_package_rule(hits: RunCheck) -> None:
    before = '{\n  "packageRules": [\n  ]\n}\n'
    after = ('{\n  "packageRules": [\n    {"matchUpdateTypes": ["major"], "automerge": true}\n'
             '  ]\n}\n')
    assert [h.line for h in hits(check, "renovate.json", before, after)] == [3]
