"""A finished report over a four-file change, written out by hand for the format snapshots.

Findings are literal (as the rules produce them today) so rule changes elsewhere do not move
these snapshots; the diff is real, so placement on the head revision is computed from it.
It holds every case an output must handle: block and warn findings on added lines, a warn
on deleted lines, a warn in a deleted file, a block waived by the policy, an info finding
(lowered on a test path).
"""

from __future__ import annotations

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side, Source, SourceMode
from reviewer.diff.parse import parse_diff
from reviewer.diff.shape import DiffShape
from reviewer.reconcile import Decision
from reviewer.report import Coverage, NarrativeReport, Report
from reviewer.severity import Severity, Verdict
from tests.conftest import DIFFS

DIFF = DIFFS / "four-files-blocks-warnings-deleted-lines-and-a-deleted-file.diff"

FINDINGS = (
    Finding("k8s-replicas-cut", "capacity.reduced", Severity.BLOCK,
            "deploy/prod/checkout/deployment.yaml", 6, Side.NEW,
            "spec.replicas lowered from 12 to 2: the service keeps a fraction of its capacity",
            "replicas: 2", "3f23287e888696da3dd6", title="Replica count cut sharply",
            key="spec.replicas", before="12", after="2", scope="prod",
            severity_note="raised from warn to block: production path",
            remediation="Reduce replicas in steps while watching saturation.",
            confidence="high"),
    Finding("k8s-probe-removed", "observability.removed", Severity.WARN,
            "deploy/prod/checkout/deployment.yaml", 14, Side.OLD,
            "spec.template.spec.containers[0].readinessProbe removed: Kubernetes no longer "
            "notices when this container is broken", "path: /healthz", "cb75160872848cd5c23a",
            title="Health probe removed", key="spec.template.spec.containers[0].readinessProbe",
            before="(block)", after="(absent)", scope="prod",
            remediation="Keep a readiness probe on every serving container."),
    Finding("k8s-pdb-deleted", "capacity.reduced", Severity.WARN,
            "deploy/prod/checkout/pdb.yaml", 1, Side.OLD,
            "PodDisruptionBudget removed in deploy/prod/checkout/pdb.yaml: node drains may "
            "evict every replica at once", "file deleted: deploy/prod/checkout/pdb.yaml",
            "0b43a2317065bf1c6640", title="PodDisruptionBudget deleted", scope="prod",
            remediation="Keep a PodDisruptionBudget for every replicated workload."),
    Finding("tf-deletion-protection-off", "iac.stateful-replace", Severity.BLOCK,
            "infra/prod/orders/rds.tf", 3, Side.NEW,
            "resource.aws_db_instance.orders.deletion_protection changed from true to false: "
            "the next apply may destroy this resource", "deletion_protection = false",
            "82cf10d25929eea0d61b", title="Deletion protection turned off",
            key="resource.aws_db_instance.orders.deletion_protection", before="true",
            after="false", scope="prod", remediation="Keep deletion_protection on.",
            confidence="high"),
    Finding("tf-prevent-destroy-removed", "iac.stateful-replace", Severity.BLOCK,
            "infra/prod/orders/rds.tf", 7, Side.OLD,
            "resource.aws_db_instance.orders.lifecycle.prevent_destroy removed: terraform will "
            "now destroy or replace this resource when asked", "prevent_destroy = true",
            "943e138156d6b69785cd", waived=True,
            title="prevent_destroy removed from a resource",
            key="resource.aws_db_instance.orders.lifecycle.prevent_destroy", before="true",
            after="(absent)", scope="prod",
            remediation="Keep prevent_destroy on stateful resources.", confidence="high"),
    Finding("flag-rollout-to-everyone", "flag.full-exposure", Severity.INFO,
            "tests/fixtures/flags.json", 3, Side.NEW,
            "checkout_v2.rollout raised from 5 to 100: every user gets the new path at once",
            '"rollout": 100,', "a880f5dc8cf15ad6f609", title="Flag rolled out to 100% in one step",
            key="checkout_v2.rollout", before="5", after="100", scope="test",
            severity_note="lowered from warn to info: test, example or docs path",
            remediation="Raise the percentage in stages."),
)

DECISION = Decision(
    Verdict.BLOCK, Verdict.BLOCK,
    ("block: Replica count cut sharply [k8s-replicas-cut] at "
     "deploy/prod/checkout/deployment.yaml:6",
     "block: Deletion protection turned off [tf-deletion-protection-off] at "
     "infra/prod/orders/rds.tf:3",
     "warn: Health probe removed [k8s-probe-removed] at deploy/prod/checkout/deployment.yaml:14",
     "warn: PodDisruptionBudget deleted [k8s-pdb-deleted] at deploy/prod/checkout/pdb.yaml:1"),
    ("k8s-replicas-cut: Reduce replicas in steps while watching saturation.",
     "tf-deletion-protection-off: Keep deletion_protection on."),
)


def sample_report(findings: tuple[Finding, ...] = FINDINGS) -> Report:
    changes = parse_diff(DIFF.read_bytes(), Source(SourceMode.DIFF, DIFF.name))
    return Report(Verdict.BLOCK, findings,
                  NarrativeReport.disabled("--no-llm given: deterministic review only"),
                  DECISION, Coverage(4, 4),
                  changes.source, shape=DiffShape(changes.files))
