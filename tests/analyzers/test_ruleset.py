from __future__ import annotations

import pytest

from reviewer.analyzers.ruleset import globs_match


@pytest.mark.parametrize(("globs", "path", "expected"), [
    (("**/*.yaml", "**/*.yml"), "deploy/prod/app.yml", True),
    (("*.tf",), "modules/db/main.tf", True),
    ((".github/workflows/*.yml",), ".github/workflows/ci.yml", True),
    ((".github/workflows/*.yml",), "docs/.github/workflows/ci.yml", False),
    (("**/Dockerfile", "**/Dockerfile.*"), "services/api/Dockerfile.prod", True),
    (("**/Dockerfile",), "services/api/Dockerfile.md", False),
    (("**/requirements*.txt", "**/{a,b}.json"), "b.json", True),
])
def test_globs_match_any_of_a_rules_globs(globs: tuple[str, ...], path: str,
                                         expected: bool) -> None:
    assert globs_match(globs, path) is expected
