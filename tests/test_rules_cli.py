from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import RISKY  # noqa: F401  (shared fixtures live in conftest)


def test_rules_list_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "list", "--format", "json")
    rows = json.loads(result.out)
    assert result.code == 0
    assert {"id", "title", "category", "severity", "files"} <= set(rows[0])
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) >= 15


def test_rules_test_passes_for_the_bundled_rules(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "test", "-q")
    assert result.code == 0
    assert "example checks passed" in result.out


def test_rules_test_fails_on_a_bad_example(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "x.yaml").write_text("""\
rules:
  - id: my-rule
    title: My rule
    category: capacity.reduced
    severity: warn
    message: cut
    why: Capacity matters a great deal.
    remediation: Keep the capacity you need.
    match: {key: "**.replicas", decreases_by_factor: 2}
    examples:
      fire: [{path: a.yaml, before: "replicas: 4\\n", after: "replicas: 3\\n"}]
      ok: [{path: a.yaml, before: "replicas: 4\\n", after: "replicas: 8\\n"}]
""")
    result = cli("rules", "test", "--rules", str(folder))
    assert result.code == 1
    assert "FAIL my-rule fire#1 [diff]: did not fire" in result.out


def test_rules_explain(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "explain", "tf-deletion-protection-off")
    assert result.code == 0
    for heading in ("What it catches:", "Why it matters:", "Example (fires):",
                    "What to do instead:"):
        assert heading in result.out
    assert "-  deletion_protection = true" in result.out
    missing = cli("rules", "explain", "nope")
    assert missing.code == 2 and "no rule with id 'nope'" in missing.err


def test_explain_describes_a_python_check_from_its_docstring(cli) -> None:  # type: ignore[no-untyped-def]
    out = " ".join(cli("rules", "explain", "docker-base-image-floating").out.split())
    assert ("the `dockerfile` analyzer reports a hit: Dockerfile base images and users: "
            "floating tags, dropped digests, containers left as root. (kind=unpinned)") in out
