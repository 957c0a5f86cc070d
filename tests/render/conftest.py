from __future__ import annotations

import pytest

GITHUB_VARIABLES = ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_EVENT_PATH", "GITHUB_TOKEN",
                    "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL")


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run the same inside GitHub Actions: no real job summary or token is touched."""
    for name in GITHUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
