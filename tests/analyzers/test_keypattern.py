from __future__ import annotations

import pytest

from reviewer.analyzers.keypattern import matches

CONTAINER_IMAGE = ("spec", "template", "spec", "containers", 0, "image")


@pytest.mark.parametrize(("pattern", "path", "partial", "expected"), [
    ("**.replicas", ("spec", "replicas"), False, True),
    ("**.replicas", ("replicas",), False, True),
    ("spec.replicas", ("spec", "template", "replicas"), False, False),
    ("spec.template.spec.containers.image", CONTAINER_IMAGE, False, True),
    ("spec.template.spec.containers[*].image", CONTAINER_IMAGE, False, True),
    ("spec.template.spec.containers[1].image", CONTAINER_IMAGE, False, False),
    ("**.containers[0].image", CONTAINER_IMAGE, False, True),
    ("jobs.*.needs", ("jobs", "deploy", "needs"), False, True),
    ("jobs.*.needs", ("jobs", "deploy", "steps", "needs"), False, False),
    ("**.maxUnavailable", ("strategy", "rollingUpdate", "max_unavailable"), False, True),
    ("**.max-unavailable", ("strategy", "MaxUnavailable"), False, True),
    ("**.*_check", ("config", "schema_check"), False, True),
    ("**.*_check", ("config", "checker"), False, False),
    ('"a.b".c', ("a.b", "c"), False, True),
    ("spec.strategy.type", ("strategy", "type"), True, True),
    ("spec.strategy.type", ("type",), True, False),
    ("**.type", ("type",), True, True),
    ("**.lifecycle.prevent_destroy", ("lifecycle", "prevent_destroy"), True, True),
    ("steps[*].pause", ("steps", None, "pause"), True, True),
])
def test_patterns(pattern: str, path: tuple[object, ...], partial: bool, expected: bool) -> None:
    assert matches(pattern, path, partial) is expected  # type: ignore[arg-type]
