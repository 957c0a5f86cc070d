from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.ci_tests import check, command_tokens
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("line", "tokens"), [
    ("      - run: pytest -q tests/", ["pytest"]),
    ("        run: go test -race ./...", ["go test"]),
    ("    - npm ci && npm test", ["npm test"]),
    ("      - run: yarn test:unit --ci", ["npm test"]),
    ("        sh './mvnw -B verify'", ["maven"]),
    ("      - run: ./gradlew build", ["gradle"]),
    ("      - uses: github/codeql-action/analyze@v3", ["codeql"]),
    ("    - trivy image --exit-code 1 $IMAGE", ["trivy"]),
    ("      - run: make lint test", ["make test"]),
    ("    uses: ./.github/workflows/go-test.yml", ["local check workflow"]),
    ("    uses: ./.github/workflows/deploy.yml", []),
    # the fallback after || does not stop the tests from running
    ('      - run: npx playwright test || echo "flaky"', ["jest"]),
    # mentions that do not run anything
    ("      - name: Run pytest", []),
    ("      - run: pip install pytest pytest-cov", []),
    ("      - run: npm install -g jest", []),
    ("      - run: echo 'pytest finished'", []),
    ("      - run: cp pytest.ini build/", []),
    ("      - uses: gradle/gradle-build-action@v2", []),
])
def test_command_tokens(line: str, tokens: list[str]) -> None:
    assert command_tokens(line) == tokens


WORKFLOW = """jobs:
  test:
    steps:
      - run: make build
      - run: pytest -q
      - run: trivy fs --exit-code 1 .
"""


@pytest.mark.parametrize(("after", "expected"), [
    (WORKFLOW.replace("      - run: pytest -q\n", ""), [(5, Side.OLD, "pytest")]),
    (WORKFLOW.replace("      - run: trivy fs --exit-code 1 .\n", ""), [(6, Side.OLD, "trivy")]),
    (WORKFLOW.replace("pytest -q", "pytest -q --cov"), []),
    (WORKFLOW.replace("pytest -q", "pytest -q || echo failed"), []),
    (WORKFLOW.replace("      - run: pytest -q\n", "") + "  unit:\n    steps:\n      - run: pytest\n",
     []),
])
def test_removed_gates_point_at_the_old_line(hits: RunCheck, after: str,
                                             expected: list[tuple[int, Side, str]]) -> None:
    found = hits(check, ".github/workflows/ci.yml", WORKFLOW, after)
    assert [(h.line, h.side, h.values["command"]) for h in found] == expected


def test_kinds_option_limits_what_counts(hits: RunCheck) -> None:
    after = WORKFLOW.replace("      - run: trivy fs --exit-code 1 .\n", "")
    assert hits(check, ".github/workflows/ci.yml", WORKFLOW, after, {"kinds": ["tests"]}) == []


def test_a_runner_replaced_by_another_still_runs_the_tests(hits: RunCheck) -> None:
    after = WORKFLOW.replace("run: pytest -q", "run: make test")
    assert hits(check, ".github/workflows/ci.yml", WORKFLOW, after) == []
    scan_for_test = WORKFLOW.replace("run: trivy fs --exit-code 1 .", "run: go test ./...")
    found = hits(check, ".github/workflows/ci.yml", WORKFLOW, scan_for_test)
    assert [(h.line, h.values["command"]) for h in found] == [(6, "trivy")]
