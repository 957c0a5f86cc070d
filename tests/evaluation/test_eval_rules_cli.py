"""``reviewer eval rules`` end to end on small case folders: the figures, the results file,
and --compare against the rules of another git revision (a team's rule folder in its own
repository, edited since its last commit)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewer.evaluation.results import read_results
from tests.conftest import git

Cli = Callable[..., Any]
RULE = """\
  - id: {id}
    title: Replica count changed
    category: capacity.reduced
    severity: warn
    message: "{{key}} changed from {{old}} to {{new}}"
    why: Fewer replicas leave less headroom for peaks and node failures.
    remediation: Change replicas in steps while watching saturation.
    files: ["**/*.yaml"]
    match:
      key: ["**.replicas"]
      {predicate}
    examples:
      fire:
        - {{path: a.yaml, before: "replicas: 12\\n", after: "replicas: 1\\n"}}
      ok:
        - {{path: a.yaml, before: "replicas: 1\\n", after: "replicas: 1\\n# note\\n"}}
"""


@pytest.fixture
def cases(replica_cases: Path) -> Path:
    return replica_cases


def test_figures_and_results_file(cli: Cli, cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "rules.json"
    result = cli("eval", "rules", str(cases), "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Corpus: 1 risky and 1 benign cases"
    assert "  recall (expected findings met)         1/1 = 100%  1/1 = 100%" in lines
    assert "  precision (hits / hits + false)        1/1 = 100%  1/1 = 100%" in lines
    row = next(ln for ln in lines if ln.startswith("k8s-replicas-cut"))
    assert row.split()[1:] == ["capacity.reduced", "100%/100%", "100%/100%", "1/1", "1:1/1:1",
                               "0/0", "0/0"]
    results = read_results(out)
    assert (results.kind, results.complete, results.settings.modes) == (
        "rules", True, ["diff", "git"])
    diff_mode = results.rules[0]
    assert (diff_mode.mode, str(diff_mode.detection), str(diff_mode.false_alarms)) == (
        "diff", "1/1 = 100%", "0/1 = 0%")
    assert [(c.expected, c.actual, c.count) for c in diff_mode.confusion] == [
        ("warn", "block", 1), ("pass", "pass", 1)]
    cut = results.cases[0]
    assert cut.diff.startswith("diff --git a/deploy/prod/api.yaml b/deploy/prod/api.yaml")
    assert [(f.rule_id, f.line, f.hit, f.false) for f in cut.modes["git"].findings] == [
        ("k8s-replicas-cut", 2, True, False)]
    assert cut.modes["git"].expectations[0].met_by == ["k8s-replicas-cut"]


@pytest.fixture
def team_rules(tmp_path: Path) -> Path:
    """A team's rule folder in its own repository: committed with a rule that catches the
    cut; then edited (not committed) to miss it and to flag every replica change."""
    repo = tmp_path / "team"
    folder = repo / "reviewer-rules"
    folder.mkdir(parents=True)
    cut = RULE.format(id="team-replicas-cut", predicate="decreases_by_factor: 2")
    (folder / "capacity.yaml").write_text("rules:\n" + cut)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=T", "add", "-A")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qm", "rules")
    edited = RULE.format(id="team-replicas-cut", predicate="decreases_by_factor: 10")
    noisy = RULE.format(id="team-any-replica-change", predicate="changed: true")
    (folder / "capacity.yaml").write_text("rules:\n" + edited + noisy)
    return folder


def test_compare_with_another_revision(cli: Cli, cases: Path, team_rules: Path,
                                       tmp_path: Path) -> None:
    out = tmp_path / "compare.json"
    result = cli("eval", "rules", str(cases), "--rules", str(team_rules), "--mode", "git",
                 "--compare", "HEAD", "--output", str(out), "--no-progress")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    start = lines.index("Compared with the rules at HEAD")
    assert lines[lines.index("Changes (4)", start) + 1:] == [
        "  lost hit            cut [git]: team-replicas-cut warn at deploy/prod/api.yaml:2 "
        "(capacity.reduced)",
        "  new false           up [git]: team-any-replica-change warn at deploy/prod/api.yaml:2 "
        "(capacity.reduced)",
        "  verdict worse       up [git]: pass -> warn",
        "  new hit             cut [git]: team-any-replica-change warn at deploy/prod/api.yaml:2 "
        "(capacity.reduced)"]
    false_alarms = next(ln for ln in lines[start:] if ln.startswith("false alarms"))
    assert false_alarms.split()[2:] == ["0/1", "=", "0%", "1/1", "=", "100%", "+100", "pts"]
    comparison = read_results(out).comparison
    assert comparison is not None and comparison.before == "HEAD"
    assert [c.kind for c in comparison.changes] == ["lost hit", "new false", "verdict worse",
                                                    "new hit"]
    assert str(comparison.rules[0].false_alarms) == "0/1 = 0%"


def test_rules_that_no_longer_load_at_a_revision_are_named_as_such(
        cli: Cli, cases: Path, team_rules: Path) -> None:
    repo = team_rules.parent
    (team_rules / "capacity.yaml").write_text("rules:\n  - id: Not_An_Id\n")
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-qam", "bad")
    (team_rules / "capacity.yaml").write_text(
        "rules:\n" + RULE.format(id="team-replicas-cut", predicate="decreases_by_factor: 2"))
    result = cli("eval", "rules", str(cases), "--rules", str(team_rules), "--compare", "HEAD")
    assert result.code == 2
    assert result.err.startswith(f"reviewer: error: HEAD:{team_rules}/capacity.yaml:")
    assert "the rules at HEAD do not load with this reviewer" in result.err


@pytest.mark.parametrize(("revision", "message"), [
    ("no-such-revision", "unknown git revision 'no-such-revision'"),
])
def test_compare_errors(cli: Cli, cases: Path, team_rules: Path, revision: str,
                        message: str) -> None:
    result = cli("eval", "rules", str(cases), "--rules", str(team_rules), "--compare", revision)
    assert result.code == 2 and message in result.err, result.err


def test_compare_needs_the_rules_in_git(cli: Cli, cases: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose-rules"
    loose.mkdir()
    (loose / "capacity.yaml").write_text(
        "rules:\n" + RULE.format(id="team-replicas-cut", predicate="decreases_by_factor: 2"))
    result = cli("eval", "rules", str(cases), "--rules", str(loose), "--compare", "HEAD")
    assert result.code == 2
    assert f"--compare reads rules from git, but {loose} is not in a git repository" in result.err

