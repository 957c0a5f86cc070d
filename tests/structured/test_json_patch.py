"""JSON Patch operations (Kustomize) read as the key changes they make."""

from __future__ import annotations

from reviewer.diff.synthetic import changeset
from reviewer.structured.extract import key_changes
from reviewer.structured.json_patch import BASE_VALUE
from reviewer.structured.model import ABSENT, ChangeKind

PATCH = "deploy/overlays/prod/patch-api.yaml"


def targeted(path: str, before: str | None, after: str | None,
             git: bool = True) -> list[tuple[tuple[object, ...], str, object, object, int]]:
    change = changeset([(path, before, after)], git=git).files[0]
    return [(c.path, c.kind.value, c.old, c.new, c.line) for c in key_changes(change).changes
            if c.path and c.path[0] == "spec"]


def test_a_new_patch_file_sets_and_removes_what_it_targets() -> None:
    after = ("- op: replace\n  path: /spec/replicas\n  value: 1\n"
             "- op: add\n  path: /spec/template/spec/containers/0/securityContext\n"
             "  value:\n    privileged: true\n"
             "- op: remove\n  path: /spec/template/spec/containers/0/livenessProbe\n")
    assert targeted(PATCH, None, after) == [
        (("spec", "replicas"), "added", ABSENT, 1, 3),
        (("spec", "template", "spec", "containers", 0, "securityContext", "privileged"),
         "added", ABSENT, True, 6),
        (("spec", "template", "spec", "containers", 0, "livenessProbe"), "removed",
         BASE_VALUE, ABSENT, 9),
    ]


def test_an_operation_whose_value_changed_is_a_change_and_an_unchanged_one_is_nothing() -> None:
    before = "- op: replace\n  path: /spec/replicas\n  value: 12\n"
    after = before.replace("12", "3") + "- op: replace\n  path: /spec/paused\n  value: false\n"
    assert targeted(PATCH, before, after) == [
        (("spec", "replicas"), "changed", 12, 3, 3),
        (("spec", "paused"), "added", ABSENT, False, 6),
    ]
    assert targeted(PATCH, before, "# replicas for the sale\n" + before) == []


def test_inline_patches_in_a_kustomization() -> None:
    head = "patches:\n  - target:\n      kind: Deployment\n    patch: |-\n"
    op = "      - op: replace\n        path: /spec/replicas\n        value: {}\n"
    found = targeted("deploy/overlays/prod/kustomization.yaml", head + op.format(12),
                     head + op.format(2))
    assert found == [(("spec", "replicas"), ChangeKind.CHANGED.value, 12, 2, 7)]


def test_lists_that_are_not_patches_are_left_alone() -> None:
    after = "- name: a\n  path: /spec/replicas\n"
    assert targeted("config/prod/routes.yaml", None, after) == []
