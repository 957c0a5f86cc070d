"""Key-level changes per format, in bare-diff mode and git mode, asserting paths, values, lines."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reviewer.diff.model import Side
from reviewer.diff.synthetic import changeset
from reviewer.structured.extract import key_changes
from reviewer.structured.model import ABSENT, ChangeKind, KeyChange


def changes(path: str, before: str | None, after: str | None,
            mode: str) -> tuple[list[KeyChange], str | None]:
    files = changeset([(path, before, after)], git=mode == "git").files
    change = files[0]
    if mode == "diff":
        change = replace(change, before=None, after=None)
    result = key_changes(change)
    return list(result.changes), result.note


def summary(found: list[KeyChange]) -> set[tuple[str, str, object, object, int, str]]:
    return {(c.display_path.lstrip("…."), c.kind.value, c.old, c.new, c.line, c.side.value)
            for c in found}


K8S_BEFORE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 12
  strategy:
    type: RollingUpdate
  template:
    spec:
      containers:
        - name: api
          image: api:1.2
        - name: sidecar
          image: envoy:1.30
"""
K8S_AFTER = K8S_BEFORE.replace("replicas: 12", "replicas: 1").replace(
    "type: RollingUpdate", "type: Recreate").replace("envoy:1.30", "envoy:1.31")


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_yaml_deployment(mode: str) -> None:
    found, note = changes("deploy/api.yaml", K8S_BEFORE, K8S_AFTER, mode)
    assert note is None
    got = summary(found)
    assert ("spec.replicas", "changed", 12, 1, 6, "new") in got
    assert ("spec.strategy.type", "changed", "RollingUpdate", "Recreate", 8, "new") in got
    sidecar = [c for c in found if c.display_path.endswith("image") and c.line == 15]
    assert [(c.old, c.new) for c in sidecar] == [("envoy:1.30", "envoy:1.31")]
    assert len(found) == 3


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_json_flags(mode: str) -> None:
    before = '{\n  "flags": {\n    "checkout_v2": {\n      "enabled": false,\n' \
             '      "rollout": 5,\n      "regions": ["us"]\n    }\n  }\n}\n'
    after = before.replace('"rollout": 5', '"rollout": 100').replace('["us"]', '["*"]') \
        .replace("false", "true")
    got = summary(changes("config/flags.json", before, after, mode)[0])
    prefix = "flags.checkout_v2"  # the hunk starts at line 1: even the bare diff sees the root
    assert got == {
        (f"{prefix}.enabled", "changed", False, True, 4, "new"),
        (f"{prefix}.rollout", "changed", 5, 100, 5, "new"),
        (f"{prefix}.regions", "changed", ("us",), ("*",), 6, "new"),
    }


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_hcl_removed_block_points_at_the_old_side(mode: str) -> None:
    before = ('resource "aws_db_instance" "main" {\n  identifier = "orders"\n'
              '  deletion_protection = true\n  lifecycle {\n    prevent_destroy = true\n'
              '  }\n}\n')
    after = ('resource "aws_db_instance" "main" {\n  identifier = "orders"\n'
             '  deletion_protection = false\n}\n')
    found, _ = changes("infra/db.tf", before, after, mode)
    got = summary(found)
    assert ("resource.aws_db_instance.main.deletion_protection", "changed", True, False, 3,
            "new") in got
    assert ("resource.aws_db_instance.main.lifecycle.prevent_destroy", "removed", True,
            ABSENT, 5, "old") in got
    removed = next(c for c in found if c.kind is ChangeKind.REMOVED)
    assert removed.path[: removed.subtree] == ("resource", "aws_db_instance", "main",
                                              "lifecycle")


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_toml_tables(mode: str) -> None:
    before = "[server]\nhost = \"0.0.0.0\"\ntimeout = \"30s\"\n\n[retry]\nattempts = 3\n"
    after = before.replace("attempts = 3", "attempts = 10").replace('"30s"', '"0s"')
    got = summary(changes("app.toml", before, after, mode)[0])
    assert got == {("server.timeout", "changed", "30s", "0s", 3, "new"),
                   ("retry.attempts", "changed", 3, 10, 6, "new")}


@pytest.mark.parametrize(("before", "after", "expected"), [
    # a flow list rewritten on its line: the new line, in both modes
    ("deploy:\n  needs: [unit, integration]\n", "deploy:\n  needs: [unit]\n", (2, "new")),
    # a block list whose element line was deleted: the deleted line
    ("deploy:\n  needs:\n    - unit\n    - integration\n", "deploy:\n  needs:\n    - unit\n",
     (4, "old")),
])
@pytest.mark.parametrize("mode", ["diff", "git"])
def test_scalar_list_that_only_lost_elements(mode: str, before: str, after: str,
                                             expected: tuple[int, str]) -> None:
    found = changes("ci.yml", before, after, mode)[0]
    assert [(c.line, c.side.value) for c in found] == [expected]


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_nomad_job_files_are_hcl(mode: str) -> None:
    before = 'job "api" {\n  update {\n    canary = 2\n  }\n}\n'
    after = before.replace("canary = 2", "canary = 0")
    got = summary(changes("jobs/prod/api.nomad", before, after, mode)[0])
    assert got == {('job.api.update.canary', "changed", 2, 0, 3, "new")}


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("conf/app.ini", "[db]\npool = 10\nverify = true\n", "[db]\npool = 10\nverify = false\n",
     {("db.verify", "changed", "true", "false", 3, "new")}),
    ("conf/app.properties", "spring.datasource.url=jdbc:pg://a\nserver.port=8080\n",
     "spring.datasource.url=jdbc:pg://a\n", {("server.port", "removed", "8080", ABSENT, 2, "old")}),
    ("deploy/.env", "SAFE_MODE=true\nWORKERS=4\n", "SAFE_MODE=false\nWORKERS=4\nDEBUG=1\n",
     {("SAFE_MODE", "changed", "true", "false", 1, "new"), ("DEBUG", "added", ABSENT, "1", 3, "new")}),
])
@pytest.mark.parametrize("mode", ["diff", "git"])
def test_flat_formats(mode: str, path: str, before: str, after: str,
                      expected: set[tuple[str, str, object, object, int, str]]) -> None:
    assert summary(changes(path, before, after, mode)[0]) == expected


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_scalar_list_shrinks_to_one(mode: str) -> None:
    before = "rollout:\n  waves:\n    - canary\n    - eu\n    - us\n  bake: 1h\n"
    after = "rollout:\n  waves:\n    - canary\n  bake: 1h\n"
    found, _ = changes("rollout.yaml", before, after, mode)
    waves = [c for c in found if c.display_path == "rollout.waves"]
    assert [(c.kind, c.old, c.new, c.line, c.side) for c in waves] == [
        (ChangeKind.CHANGED, ("canary", "eu", "us"), ("canary",), 4, Side.OLD)]


def test_multi_document_manifests_match_documents_by_kind_and_name() -> None:
    svc = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  port: 80\n"
    dep = "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n" \
          "  replicas: 3\n"
    found, _ = changes("k8s/all.yaml", svc + dep, dep.replace("3", "2") + svc, "git")
    assert [(c.doc, c.display_path, c.old, c.new) for c in found] == [
        ("Deployment/api", "spec.replicas", 3, 2)]


def test_broken_yaml_falls_back_to_line_analysis_and_says_why() -> None:
    before = "spec:\n  replicas: 12\n  selector: {app: api\n"
    after = "spec:\n  replicas: 1\n  selector: {app: api\n"
    found, note = changes("deploy/api.yaml", before, after, "git")
    assert note is not None and "YAML parse error at line 4" in note
    assert summary(found) == {("spec.replicas", "changed", 12, 1, 2, "new")}


def test_new_file_in_a_bare_diff_is_parsed_whole() -> None:
    after = "spec:\n  template:\n    spec:\n      hostNetwork: true\n"
    found, _ = changes("k8s/new.yaml", None, after, "diff")
    assert summary(found) == {("spec.template.spec.hostNetwork", "added", ABSENT, True, 4, "new")}


def test_partial_path_when_the_hunk_cannot_see_the_parents() -> None:
    before = "a:\n" + "".join(f"  k{i}: {i}\n" for i in range(20)) + "  deep:\n    deeper:\n" \
             + "".join(f"      x{i}: {i}\n" for i in range(10))
    after = before.replace("x5: 5", "x5: 50")
    (change,) = changes("big.yaml", before, after, "diff")[0]
    assert change.partial
    assert change.display_path == "….x5"


def test_removed_list_items_holding_flow_mappings_terminate() -> None:
    # A flow mapping's key shares its row with the list item: walking up to the block that
    # was removed must not revisit the same entry forever.
    before = ("steps:\n  - setWeight: 5\n  - pause: {duration: 15m}\n  - setWeight: 25\n"
              "  - pause: {duration: 30m}\n  - setWeight: 100\n")
    after = "steps:\n  - setWeight: 50\n  - pause: {duration: 2m}\n  - setWeight: 100\n"
    found, _ = changes("rollout.yaml", before, after, "diff")
    got = summary(found)
    assert ("steps[0].setWeight", "changed", 5, 50, 2, "new") in got
    assert ("steps[1].pause.duration", "changed", "15m", "2m", 3, "new") in got
    assert ("steps[3].pause.duration", "removed", "30m", ABSENT, 5, "old") in got


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_list_in_a_repeated_hcl_block_points_at_its_own_block(mode: str) -> None:
    block = ('  ingress {{\n    from_port   = {port}\n    to_port     = {port}\n'
             '    cidr_blocks = ["{cidr}"]\n  }}\n')
    before = ('resource "aws_security_group" "db" {\n'
              + block.format(port=5432, cidr="10.0.0.0/8")
              + block.format(port=443, cidr="10.0.0.0/8") + "}\n")
    after = before.replace('443\n    cidr_blocks = ["10.0.0.0/8"]',
                           '443\n    cidr_blocks = ["0.0.0.0/0"]')
    change = changeset([("sg.tf", before, after)], git=mode == "git").files[0]
    if mode == "diff":
        change = replace(change, before=None, after=None)
    [found] = key_changes(change).changes
    assert (found.line, found.side, found.new) == (10, Side.NEW, ("0.0.0.0/0",))


def test_removing_a_list_item_that_opens_with_a_key_terminates() -> None:
    """``- hosts:`` opens a list item and a key on one line; removing it used to loop."""
    before = ("spec:\n  ingressClassName: nginx\n  tls:\n    - hosts:\n        - shop.acme.com\n"
              "      secretName: shop-acme-com-tls\n  rules:\n    - host: shop.acme.com\n")
    after = "spec:\n  ingressClassName: nginx\n  rules:\n    - host: shop.acme.com\n"
    change = replace(changeset([("ingress.yaml", before, after)]).files[0],
                     before=None, after=None)
    found = {(c.display_path, c.line, c.subtree) for c in key_changes(change).changes}
    assert found == {("spec.tls[0].hosts[]", 5, None), ("spec.tls[0].secretName", 6, 2)}


def test_a_deep_list_item_does_not_take_the_hunk_header_as_its_parent() -> None:
    lines = ["spec:", "  strategy:", "    canary:", "      steps:"]
    lines += [f"        - setWeight: {w}\n        - pause: {{duration: 10m}}" for w in (5, 25)]
    before = "\n".join([*lines, "        - pause: {duration: 1h}", "        - setWeight: 100"])
    after = "\n".join([*lines, "        - setWeight: 100"])
    change = replace(changeset([("rollout.yaml", before + "\n", after + "\n")]).files[0],
                     before=None, after=None)
    [found] = key_changes(change).changes
    assert (found.display_path, found.partial, found.line) == ("…[].pause.duration", True, 9)


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_a_second_repeated_hcl_block_is_a_list_that_grew(mode: str) -> None:
    one = ('data "aws_iam_policy_document" "ci" {\n  statement {\n'
           '    actions = ["s3:GetObject"]\n  }\n')
    two = one + '  statement {\n    actions = ["*"]\n  }\n'
    change = changeset([("iam.tf", one + "}\n", two + "}\n")], git=mode == "git").files[0]
    if mode == "diff":
        change = replace(change, before=None, after=None)
    found = [(c.display_path, c.kind, c.new, c.line) for c in key_changes(change).changes
             if c.path[-1] == "actions"]
    path = ("data.aws_iam_policy_document.ci.statement" + ("[1]" if mode == "git" else "")
            + ".actions")
    assert found == [(path, ChangeKind.ADDED, ("*",), 6)]


@pytest.mark.parametrize(("text", "value"), [
    ("[aws_db_instance.orders.arn, aws_db_instance.billing.arn]",
     ("aws_db_instance.orders.arn", "aws_db_instance.billing.arn")),
    ('["a", var.subnet, module.vpc.ids[0], 3,]', ("a", "var.subnet", "module.vpc.ids[0]", 3)),
    ('["a", "b"]', ("a", "b")),
    # expressions stay text: a list comprehension or a call is not a list of values
    ("[for s in var.subnets : s.id]", "[for s in var.subnets : s.id]"),
    ("[upper(var.name)]", "[upper(var.name)]"),
])
def test_hcl_one_line_lists_of_references(text: str, value: object) -> None:
    from reviewer.structured.scalars import hcl_scalar

    assert hcl_scalar(text) == value


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_hcl_reference_list_loses_an_element(mode: str) -> None:
    before = ('resource "aws_backup_selection" "db" {\n'
              "  resources = [aws_db_instance.orders.arn, aws_db_instance.billing.arn]\n}\n")
    after = before.replace(", aws_db_instance.billing.arn", "")
    found, _ = changes("infra/backup.tf", before, after, mode)
    (change,) = found
    assert change.path == ("resource", "aws_backup_selection", "db", "resources")
    assert change.kind is ChangeKind.CHANGED and change.line == 2
    assert len(change.old) == 2 and len(change.new) == 1


RINGS_BEFORE = """# delivery
channel_files:
  rings:
    - name: dogfood
      wait: 1h
    - name: early
      wait: 4h
    - name: general
      population: 100%
  crash_gate:
    max_crash_rate: 0.001
"""
RINGS_AFTER = """# delivery
channel_files:
  rings:
    - name: general
      population: 100%
  crash_gate:
    max_crash_rate: 0.001
"""


@pytest.mark.parametrize("mode", ["diff", "git"])
def test_list_of_mappings_seen_whole_reports_its_length(mode: str) -> None:
    found, _ = changes("deploy/rollout.yaml", RINGS_BEFORE, RINGS_AFTER, mode)
    whole = [c for c in found if c.path == ("channel_files", "rings")]
    assert [(c.kind, c.line, c.side, len(c.old), len(c.new)) for c in whole] == [
        (ChangeKind.CHANGED, 3, Side.NEW, 3, 1)]
    assert whole[0].new[0] == {"name": "general", "population": "100%"}
    # the elements that went are reported too, on the old side
    assert ("channel_files", "rings", 0, "name") in {c.path for c in found
                                                     if c.kind is ChangeKind.REMOVED}


def test_list_of_mappings_cut_off_by_the_hunk_is_not_counted() -> None:
    before = RINGS_BEFORE.replace("  crash_gate:\n    max_crash_rate: 0.001\n", "")
    after = RINGS_AFTER.replace("  crash_gate:\n    max_crash_rate: 0.001\n", "")
    found, _ = changes("deploy/rollout.yaml", before, after, "diff")
    assert ("channel_files", "rings") not in {c.path for c in found}


@pytest.mark.parametrize(("after_item", "expected"), [
    # the whole item went: its keys say so, and rules on "the block stayed" skip them
    ("", {("groups[].rules[1].alert", 5, None), ("groups[].rules[1].expr", 6, 4),
          ("groups[].rules[1].labels.severity", 7, 4)}),
    # the item was renamed: it stays, so a key removed from it is removed on its own
    ("      - alert: QueueBacklogCritical\n",
     {("groups[].rules[1].expr", 6, None), ("groups[].rules[1].labels.severity", 7, None)}),
])
def test_a_list_item_removed_as_a_whole_in_a_bare_diff(
        after_item: str, expected: set[tuple[str, int, int | None]]) -> None:
    head = ("groups:\n  - name: queues\n    rules:\n      - alert: QueueDepth\n")
    before = head + ("      - alert: QueueBacklogHigh\n        expr: sum(queue_depth) > 10000\n"
                     "        labels: { severity: page }\n")
    change = replace(changeset([("rules.yaml", before, head + after_item)]).files[0],
                     before=None, after=None)
    found = {(c.display_path, c.line, c.subtree) for c in key_changes(change).changes
             if c.kind is ChangeKind.REMOVED}
    assert found == expected
