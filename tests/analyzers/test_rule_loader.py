from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from reviewer.analyzers.rule_loader import load_rulebook
from reviewer.errors import RuleError
from reviewer.resources import rules_dir

GOOD = """\
rules:
  - id: demo-rule
    title: Demo rule
    category: capacity.reduced
    severity: warn
    message: "{key} cut"
    why: Because capacity matters a lot.
    remediation: Do not cut capacity like this.
    match:
      key: "**.replicas"
      decreases_by_factor: 2
    examples:
      fire:
        - path: a.yaml
          before: "replicas: 4\\n"
          after: "replicas: 1\\n"
      ok:
        - path: a.yaml
          before: "replicas: 4\\n"
          after: "replicas: 8\\n"
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text))
    return folder


def test_bundled_rules_load() -> None:
    book = load_rulebook([rules_dir()])
    assert len(book.rules) >= 15
    assert len({r.category for r in book.rules}) >= 8
    kinds = {m.kind for r in book.rules for m in r.match}
    assert kinds == {"key", "lines", "file", "combination", "analyzer"}


def test_a_good_rule_loads(tmp_path: Path) -> None:
    (rule,) = load_rulebook([write(tmp_path, GOOD)]).rules
    assert (rule.id, rule.category, rule.severity.value) == ("demo-rule", "capacity.reduced",
                                                             "warn")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    severity: warn\n", "    severity: fatal\n", ":5: rule demo-rule: severity: Input should be"),
    ("    category: capacity.reduced\n", "    category: capacity.cut\n",
     ":4: rule demo-rule: category: Input should be"),
    ("      decreases_by_factor: 2\n", "      decreases_by_factor: 2\n      shrinks: 1\n",
     ":12: rule demo-rule: match.shrinks: Extra inputs are not permitted"),
    ('      key: "**.replicas"\n', '      key: "**.replicas"\n      added_line: "x"\n',
     ":9: rule demo-rule: match: a match needs exactly one of"),
    ('      key: "**.replicas"\n      decreases_by_factor: 2\n', '      added_line: "(unclosed"\n',
     ":10: rule demo-rule: match.added_line: invalid regular expression"),
    ("  - id: demo-rule\n", "  - id: Demo Rule\n", ":2: rule Demo Rule: id: String should match"),
    ("      ok:\n        - path: a.yaml\n          before: \"replicas: 4\\n\"\n"
     "          after: \"replicas: 8\\n\"\n", "      ok: []\n",
     ":17: rule demo-rule: examples.ok: Tuple should have at least 1 item"),
])
def test_broken_rule_names_file_line_and_field(tmp_path: Path, old: str, new: str,
                                               expected: str) -> None:
    assert old in GOOD
    folder = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(RuleError) as info:
        load_rulebook([folder])
    assert expected in str(info.value), str(info.value)
    assert str(info.value).startswith(str(folder / "pack.yaml"))


def test_invalid_yaml_is_a_rule_error_with_line(tmp_path: Path) -> None:
    folder = write(tmp_path, "rules:\n  - id: [unclosed\n")
    with pytest.raises(RuleError, match=r"pack.yaml:3: invalid YAML"):
        load_rulebook([folder])


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    folder = write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RuleError, match=r"also defined in .*a.yaml"):
        load_rulebook([folder])


def test_unknown_analyzer_and_category_references(tmp_path: Path) -> None:
    broken = GOOD.replace('      key: "**.replicas"\n      decreases_by_factor: 2\n',
                          "      analyzer: nope\n")
    with pytest.raises(RuleError, match=r"unknown analyzer 'nope'"):
        load_rulebook([write(tmp_path, broken)])
    combo = GOOD.replace('      key: "**.replicas"\n      decreases_by_factor: 2\n',
                         "      all_of: [capacity.reduced, not.a.category]\n")
    with pytest.raises(RuleError, match=r"unknown category 'not\.a\.category'"):
        load_rulebook([write(tmp_path, combo)])
