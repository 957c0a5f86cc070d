"""The budgeted context: findings first, then their hunks, then the rest by risk; what does not
fit is listed; deleted lines keep their old numbers."""

from __future__ import annotations

from reviewer.analyzers.engine import analyze
from reviewer.analyzers.rule_cache import load_ruleset
from reviewer.diff.model import ChangeSet
from reviewer.diff.synthetic import changeset
from reviewer.narrative.context import Context, build_context
from reviewer.narrative.redaction import Redactor
from reviewer.resources import rules_dir


def words(text: str) -> int:
    return len(text.split())


def context_for(files: list[tuple[str, str | None, str | None]], budget: int = 10_000
                ) -> tuple[ChangeSet, Context]:
    changes = changeset(files)
    findings = analyze(changes, load_ruleset([rules_dir()])).findings
    return changes, build_context(changes, findings, budget, Redactor(), words)


DEPLOY = ("deploy/prod/api/deployment.yaml", "spec:\n  replicas: 12\n  paused: false\n",
          "spec:\n  replicas: 1\n  paused: false\n")
DOCS = ("docs/notes.md", "# Notes\n", "# Notes\n\nSome words.\n")
CODE = ("src/app.py", "x = 1\n", "x = 2\n")
FLAGS = ("config/flags/limits.json", '{"a": 1}\n', '{"a": 2}\n')


def test_lines_are_numbered_on_their_own_side() -> None:
    _, ctx = context_for([DEPLOY])
    assert ctx.diff == ("### deploy/prod/api/deployment.yaml (modified, scope prod)\n"
                        "@@ -1,3 +1,3 @@\n"
                        "  1: spec:\n"
                        "- 2:   replicas: 12\n"
                        "+ 2:   replicas: 1\n"
                        "  3:   paused: false")
    assert ctx.findings.startswith("- [block] k8s-replicas-cut (capacity.reduced) at "
                                   "deploy/prod/api/deployment.yaml:2 new: ")
    assert (ctx.clipped, ctx.hunks_shown, ctx.hunks_total) == ((), 1, 1)


def test_findings_first_then_risk_order() -> None:
    _, ctx = context_for([DOCS, CODE, FLAGS, DEPLOY])
    headers = [line for line in ctx.diff.split("\n") if line.startswith("### ")]
    assert headers == ["### deploy/prod/api/deployment.yaml (modified, scope prod)",
                       "### config/flags/limits.json (modified, scope control-plane)",
                       "### src/app.py (modified, scope default)",
                       "### docs/notes.md (modified, scope test)"]


def test_what_does_not_fit_is_listed() -> None:
    changes, ctx = context_for([DOCS, CODE, FLAGS, DEPLOY], budget=85)
    shown = {line[4:].split(" (")[0] for line in ctx.diff.split("\n") if line.startswith("### ")}
    clipped = {c.path: c.why for c in ctx.clipped}
    assert shown | set(clipped) == {f.path for f in changes.files}
    assert not shown & set(clipped)
    assert shown == {"deploy/prod/api/deployment.yaml", "config/flags/limits.json", "src/app.py"}
    assert clipped == {"docs/notes.md": "hunk @@ -1,1 +1,3 @@ left out: over the 85-token budget"}
    assert ctx.tokens <= 85


def test_findings_beyond_their_share_are_listed() -> None:
    _, ctx = context_for([DEPLOY], budget=40)
    assert ctx.findings == ""
    assert [(c.path, c.why) for c in ctx.clipped] == [
        ("deploy/prod/api/deployment.yaml", "1 finding not listed in the prompt (budget)")]


def test_a_big_hunk_is_shown_around_its_finding() -> None:
    before = "spec:\n" + "".join(f"  l{i}: {i}\n" for i in range(200)) + "  replicas: 12\n"
    after = "spec:\n" + "".join(f"  l{i}: x{i}\n" for i in range(200)) + "  replicas: 1\n"
    _, ctx = context_for([("deploy/prod/big.yaml", before, after)], budget=1000)
    lines = ctx.diff.split("\n")
    assert lines[:3] == ["### deploy/prod/big.yaml (modified, scope prod)",
                         "@@ -1,202 +1,202 @@", "…"]
    assert lines[-2:] == ["+ 201:   l199: x199", "+ 202:   replicas: 1"]
    assert len(lines) == 3 + 12 + 1
    assert [c.why for c in ctx.clipped] == ["hunk @@ -1,202 +1,202 @@ shown only around its "
                                            "findings"]


def test_binary_files_are_listed() -> None:
    diff = ("diff --git a/img.png b/img.png\nindex 1..2 100644\n"
            "Binary files a/img.png and b/img.png differ\n")
    from reviewer.diff.model import Source, SourceMode
    from reviewer.diff.parse import parse_diff

    changes = parse_diff(diff.encode(), Source(SourceMode.DIFF, "x"))
    ctx = build_context(changes, (), 1000, Redactor(), words)
    assert ctx.diff == "### img.png (modified, binary, scope default)"
    assert [(c.path, c.why) for c in ctx.clipped] == [("img.png", "binary file: content not shown")]
    assert ctx.findings == "(none)"


def test_a_huge_change_is_listed_in_full_when_it_cannot_be_shown() -> None:
    files = [(f"svc/f{i}.py", "a = 1\n", "a = 2\n" + "b = 3\n" * (i % 3)) for i in range(80)]
    changes, ctx = context_for(files, budget=60)
    listed = [c.path for c in ctx.clipped]
    shown = [line[4:].split(" (")[0] for line in ctx.diff.split("\n") if line.startswith("### ")]
    assert sorted(listed + shown) == sorted(f.path for f in changes.files)
    assert all(c.why.endswith("left out: over the 60-token budget") for c in ctx.clipped)
