from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewer.pathglob import _match_segments, _segments, compile_glob, matches

PATTERNS = ["**/*.tf", "*.tf", "**/Dockerfile", "Dockerfile", "**/*.yaml", "*.min.js",
            ".github/workflows/*.yml", "**/migrations/**", "infra/**/*.tf", "**/{a,b}.json",
            "**/requirements*.txt", "*", "**", ".github/**", "**/a*b*/**/*.{json,yaml}",
            "**/roles/*/tasks/**/*.yaml", "**/docker-compose*.y*ml", "**/{a,Df}/**",
            "a/**/", "**/*.{f,b}", "D*/*a*", "**/.a.-/*"]


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


segment = st.text(alphabet="abcDf.-_", min_size=0, max_size=6) | st.sampled_from(
    ["roles", "tasks", "a", "Df", "docker-compose.yml", "x.yaml", "abc.json", ".github"])


@given(st.lists(segment, min_size=1, max_size=5).map("/".join), st.sampled_from(PATTERNS))
def test_shortcuts_agree_with_the_regex(path: str, pattern: str) -> None:
    """The shortcut and segment matchers answer exactly as the regex form would."""
    expected = compile_glob(pattern).match(path) is not None
    assert matches(path, pattern) is expected
    segments = _segments(pattern)
    if segments is not None:  # matches() stops interpreting a glob once it is used often
        assert _match_segments(segments, tuple(path.split("/"))) is expected
