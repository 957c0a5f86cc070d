"""The shipped corpus: every case loads and materializes, both modes see the same files, and
the corpus covers what it promises (numbers, labels, categories)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reviewer.evaluation.cases import Case, load_cases
from reviewer.evaluation.materialize import Materialized, Mode, changes_for, materialize_many
from reviewer.evaluation.scoring import SCORED_CATEGORIES
from tests.conftest import FIXTURES

CASES = FIXTURES / "cases"
HOLDOUT = FIXTURES / "cases-holdout"
HOLDOUT2 = FIXTURES / "cases-holdout2"
HOLDOUT3 = FIXTURES / "cases-holdout3"
HOLDOUT4 = FIXTURES / "cases-holdout4"


@pytest.fixture(scope="module", params=[CASES, HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4],
                ids=["corpus", "holdout", "holdout2", "holdout3", "holdout4"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[tuple[Case, ...], dict[str, Materialized]]:
    cases = load_cases(request.param)
    return cases, materialize_many(cases, tmp_path_factory.mktemp("corpus"))


def test_every_case_materializes_with_the_same_files_in_both_modes(corpus) -> None:  # type: ignore[no-untyped-def]
    cases, repos = corpus
    for case in cases:
        where = repos.get(case.name)
        diff = changes_for(case, Mode.DIFF, where)
        assert diff is not None and diff.files, case.name
        diff_paths = sorted(f.path for f in diff.files)
        if case.diff_only:
            assert where is None and changes_for(case, Mode.GIT, where) is None
            continue
        git = changes_for(case, Mode.GIT, where)
        assert git is not None
        assert sorted(f.path for f in git.files) == diff_paths, case.name
        touched = {f.path for f in git.files} | {f.old_path for f in git.files if f.old_path}
        assert touched == case.changed_paths(), case.name


def test_the_corpus_has_enough_cases_of_each_label(corpus) -> None:  # type: ignore[no-untyped-def]
    labels = Counter(case.spec.label for case in corpus[0])
    held_out = corpus[0][0].folder.parent in (HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4)
    risky, benign = (24, 12) if held_out else (40, 20)
    assert labels["risky"] >= risky and labels["benign"] >= benign


def test_every_category_but_prompt_injection_has_a_risky_case(corpus) -> None:  # type: ignore[no-untyped-def]
    covered = {f.category for case in corpus[0] for f in case.spec.expect.findings}
    assert sorted(set(SCORED_CATEGORIES) - covered) == []


def test_cases_look_like_pull_requests(corpus) -> None:  # type: ignore[no-untyped-def]
    """Realistic changes touch several files; names and descriptions say what they show."""
    for case in corpus[0]:
        assert len(case.spec.description.split()) >= 12, case.name
        if not case.diff_only:
            assert 2 <= len(case.changed_paths()) <= 6, case.name


def test_case_folders_hold_nothing_but_the_case() -> None:
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        extra = {p.name for p in folder.iterdir()} - {"case.yaml", "before", "after",
                                                     "change.diff"}
        assert not extra, f"{folder.name}: {sorted(extra)}"
    assert not list(CASES.glob("**/.gitignore")), "a .gitignore would change the project repo"


def test_case_names_are_unique_slugs() -> None:
    names = [p.name for p in Path(CASES).iterdir() if p.is_dir()]
    assert all(name == name.lower() and " " not in name for name in names)
