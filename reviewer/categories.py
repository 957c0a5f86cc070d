"""The risk catalogue's category slugs; every rule declares exactly one."""

from __future__ import annotations

from typing import Literal, get_args

CategorySlug = Literal[
    "rollout.global",
    "rollout.canary-weakened",
    "flag.full-exposure",
    "flag.repurposed",
    "safeguard.disabled",
    "config.empty-value",
    "config.size-limit",
    "regex.costly",
    "capacity.reduced",
    "resilience.weakened",
    "network.routing",
    "topology.crossed",
    "migration.destructive",
    "migration.locking",
    "data.bulk-delete",
    "access.widened",
    "tls.weakened",
    "secret.committed",
    "review.controls-weakened",
    "ci.gates-weakened",
    "dependency.drift",
    "killswitch.removed",
    "iac.stateful-replace",
    "observability.removed",
    "backup.disabled",
    "reviewer.self-config",
    "llm.injection",
]

CATEGORIES: tuple[str, ...] = get_args(CategorySlug)

DESCRIPTIONS: dict[str, str] = {
    "rollout.global": "a change propagates everywhere at once",
    "rollout.canary-weakened": "canary, bake time, analysis or auto-rollback reduced",
    "flag.full-exposure": "a flag jumps to everyone, or new code runs without a flag",
    "flag.repurposed": "an old flag, bit or key gets a new meaning",
    "safeguard.disabled": "a validator, limit, check or guard is turned off or removed",
    "config.empty-value": "a value a control plane consumes becomes null/empty/blank",
    "config.size-limit": "generated config or a list grows toward a hard limit",
    "regex.costly": "a backtracking-prone pattern lands on a hot path",
    "capacity.reduced": "replicas, nodes, min sizes cut; disruption budgets removed",
    "resilience.weakened": "timeouts, retries, backoff, rate limits, breakers loosened",
    "network.routing": "BGP, routing policy, DNS, firewall changes",
    "topology.crossed": "production identifiers or traffic enter a non-production object",
    "migration.destructive": "schema or data is dropped or rewritten irreversibly",
    "migration.locking": "a migration takes long locks on hot tables",
    "data.bulk-delete": "deletion or purge without dry-run, caps or soft delete",
    "access.widened": "permissions widen",
    "tls.weakened": "certificate or TLS checking relaxed",
    "secret.committed": "a credential lands in the repo",
    "review.controls-weakened": "the review process itself is loosened",
    "ci.gates-weakened": "CI or CD stops gating",
    "dependency.drift": "versions float or platforms jump",
    "killswitch.removed": "an emergency off-switch or rollback path is removed",
    "iac.stateful-replace": "a stateful resource can now be destroyed or replaced",
    "observability.removed": "alerts, probes, logs or dashboards are removed",
    "backup.disabled": "backups, snapshots or retention cut",
    "reviewer.self-config": "the change edits this tool's own rules, prompts or policy",
    "llm.injection": "the diff tries to instruct an AI reviewer",
}
