from __future__ import annotations

import pytest

from reviewer.analyzers.scope import Scope, ScopeClassifier, adjust
from reviewer.severity import Severity


@pytest.mark.parametrize(("path", "scope"), [
    ("deploy/prod/api.yaml", Scope.PROD),
    ("k8s/production/api/deployment.yaml", Scope.PROD),
    ("envs/prod-us-east-1/main.tf", Scope.PROD),
    ("config/prod.yaml", Scope.PROD),
    ("envs/preprod/main.tf", Scope.NONPROD),
    ("deploy/staging/api.yaml", Scope.NONPROD),
    ("tests/fixtures/prod/api.yaml", Scope.TEST),
    ("docs/runbook.md", Scope.TEST),
    ("README.md", Scope.TEST),
    ("config/flags/checkout.json", Scope.CONTROL_PLANE),
    ("edge/bot-management/features.yaml", Scope.CONTROL_PLANE),
    ("config/edge/staging/cache-rules.yaml", Scope.NONPROD),
    ("services/knowledge/edges.py", Scope.DEFAULT),
    ("services/api/main.py", Scope.DEFAULT),
    ("products/catalog.yaml", Scope.DEFAULT),
    ("dns/zones/prod/example-shop.com.zone", Scope.PROD),
    ("nginx/sites/staging/demo-store.example.net.conf", Scope.NONPROD),
    ("dns/zones/example-shop.com.zone", Scope.DEFAULT),
    ("docs/zones/example.com.zone", Scope.TEST),
    ("config/settings.dev.yaml", Scope.NONPROD),
    ("deploy/prod/values.example.yaml", Scope.TEST),
    # a whole folder name outweighs a word inside a hyphenated component name
    ("k8s/node-local-dns/overlays/production/patch.yaml", Scope.PROD),
    ("clusters/staging/prod-mirror/values.yaml", Scope.NONPROD),
    ("deploy/checkout-staging/values.yaml", Scope.NONPROD),
    ("deploy/prod/api/api_test.yaml", Scope.TEST),
])
def test_path_words(path: str, scope: Scope) -> None:
    assert ScopeClassifier().classify(path) is scope


def test_globs_win_over_words() -> None:
    classifier = ScopeClassifier(globs={Scope.PROD: ("clusters/eu1/**",)})
    assert classifier.classify("clusters/eu1/api.yaml") is Scope.PROD
    assert classifier.classify("clusters/eu2/api.yaml") is Scope.DEFAULT


@pytest.mark.parametrize(("base", "scope", "overrides", "severity", "note"), [
    (Severity.WARN, Scope.PROD, {Scope.PROD: Severity.BLOCK}, Severity.BLOCK,
     "raised from warn to block: production path"),
    (Severity.BLOCK, Scope.TEST, {}, Severity.WARN,
     "lowered from block to warn: test, example or docs path"),
    (Severity.WARN, Scope.NONPROD, {}, Severity.INFO,
     "lowered from warn to info: non-production path"),
    (Severity.BLOCK, Scope.TEST, {Scope.TEST: Severity.BLOCK}, Severity.BLOCK, None),
    (Severity.WARN, Scope.DEFAULT, {}, Severity.WARN, None),
])
def test_severity_moves_with_scope(base: Severity, scope: Scope,
                                   overrides: dict[Scope, Severity], severity: Severity,
                                   note: str | None) -> None:
    assert adjust(base, scope, overrides) == (severity, note)


@pytest.mark.parametrize("path", ["requirements.txt", "services/api/requirements-prod.txt",
                                  "runtime.txt"])
def test_text_config_files_are_not_docs(path: str) -> None:
    assert ScopeClassifier().classify(path) is not Scope.TEST


@pytest.mark.parametrize(("key", "scope"), [
    ("flags.billing_usage.environments.dev.rollout_percent", Scope.NONPROD),
    ("…environments.staging.rules[].percentage", Scope.NONPROD),
    ("flags.checkout.envs.production.enabled", Scope.PROD),
    ("flags.checkout.environments.eu-west.enabled", None),  # not an environment word
    # environment variables, not environments: the file's scope stands
    ("services.api.environment.STAGE", None),
    ("spec.template.spec.containers[].env[].value", None),
    ("flags.dev_mode.enabled", None),
    (None, None),
])
def test_a_key_that_names_an_environment_sets_the_scope(key: str | None,
                                                        scope: Scope | None) -> None:
    assert ScopeClassifier().classify_key(key) is scope
