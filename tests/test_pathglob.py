from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.pathglob import compile_glob, matches

PATTERNS = ["**/*.tf", "*.tf", "**/Dockerfile", "Dockerfile", "**/*.yaml", "*.min.js",
            ".github/workflows/*.yml", "**/migrations/**", "infra/**/*.tf", "**/{a,b}.json",
            "**/requirements*.txt", "*"]


@pytest.mark.parametrize(("path", "pattern", "expected"), [
    ("infra/prod/main.tf", "**/*.tf", True),
    ("main.tf", "*.tf", True),
    ("infra/prod/main.tf.json", "**/*.tf", False),
    ("services/api/Dockerfile", "**/Dockerfile", True),
    ("services/api/Dockerfile.dev", "Dockerfile", False),
    (".github/workflows/ci.yml", ".github/workflows/*.yml", True),
    ("docs/.github/workflows/ci.yml", ".github/workflows/*.yml", False),
    ("db/migrations/0001.sql", "**/migrations/**", True),
    ("b.json", "**/{a,b}.json", True),
])
def test_globs(path: str, pattern: str, expected: bool) -> None:
    assert matches(path, pattern) is expected


segment = st.text(alphabet="abcDf.-_", min_size=0, max_size=6)


@given(st.lists(segment, min_size=1, max_size=4).map("/".join), st.sampled_from(PATTERNS))
def test_shortcuts_agree_with_the_regex(path: str, pattern: str) -> None:
    assert matches(path, pattern) is (compile_glob(pattern).match(path) is not None)
