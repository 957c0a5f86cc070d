"""Where a file sits: production, control plane, non-production, test/docs, or neither.

Scope moves a finding's severity: the same edit weighs more under ``deploy/prod/`` than under
``tests/fixtures/``. Words are matched on whole path tokens, so ``preprod`` is not ``prod``.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reviewer.pathglob import matches_any
from reviewer.severity import Severity


class Scope(enum.Enum):
    PROD = "prod"
    CONTROL_PLANE = "control-plane"
    NONPROD = "nonprod"
    TEST = "test"
    DEFAULT = "default"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Scope.PROD: "production path",
    Scope.CONTROL_PLANE: "control-plane path",
    Scope.NONPROD: "non-production path",
    Scope.TEST: "test, example or docs path",
    Scope.DEFAULT: "path",
}

_TOKEN = re.compile(r"[A-Za-z0-9]+")
DEFAULT_WORDS: Mapping[Scope, frozenset[str]] = {
    Scope.TEST: frozenset({"test", "tests", "testing", "spec", "specs", "fixture", "fixtures",
                           "testdata", "example", "examples", "sample", "samples", "doc",
                           "docs", "mock", "mocks", "e2e", "demo"}),
    Scope.NONPROD: frozenset({"staging", "stage", "stg", "dev", "develop", "development",
                              "qa", "uat", "sandbox", "preprod", "nonprod", "preview",
                              "local", "integration", "perf", "canary-test"}),
    Scope.PROD: frozenset({"prod", "production", "prd", "live"}),
    # Data a control plane pushes fleet-wide; "edge" is CDN and edge-proxy configuration,
    # which reaches every point of presence at once, like WAF rules.
    Scope.CONTROL_PLANE: frozenset({"flags", "featureflags", "feature-flags", "policies",
                                    "policy", "routing", "routes", "waf", "firewall", "edge",
                                    "controlplane", "control-plane", "global", "fleet"}),
}
_PRECEDENCE = (Scope.TEST, Scope.NONPROD, Scope.PROD, Scope.CONTROL_PLANE)
_DOMAIN = re.compile(r"(?:[a-z0-9][a-z0-9-]*\.)+(?:com|net|org|io|co|uk|de|fr|nl|eu|jp|info"
                     r"|biz|us|app|cloud|ai)(?=\.|$)")
"""A domain in a file name (a zone file, a virtual host): example-shop.com.zone is named after
a domain, not an example, so a domain's words do not set scope. Scope-word endings (.dev,
.local) are left out: config.dev.yaml is a development file."""
_DOC_SUFFIXES = (".md", ".rst", ".adoc")
"""Prose files are docs; .txt is not among them (requirements.txt, runtime.txt are config)."""


@dataclass(frozen=True)
class ScopeClassifier:
    """Classifies paths by explicit globs first (from the policy), then by path words."""

    globs: Mapping[Scope, tuple[str, ...]] = field(default_factory=dict)
    words: Mapping[Scope, frozenset[str]] = field(default_factory=lambda: DEFAULT_WORDS)

    def classify(self, path: str) -> Scope:
        for scope in _PRECEDENCE:
            patterns = self.globs.get(scope, ())
            if patterns and matches_any(path, patterns):
                return scope
        lowered = path.lower()
        if lowered.endswith(_DOC_SUFFIXES):
            return Scope.TEST
        directory, _, name = lowered.rpartition("/")
        tokens = set(_TOKEN.findall(directory))
        name = _DOMAIN.sub("", name)
        stem_tokens = set(_TOKEN.findall(name.rsplit(".", 1)[0]))
        whole = set(re.split(r"[/_.]", f"{directory}/{name}"))
        compound = {part for part in whole if "-" in part}
        all_tokens = tokens | stem_tokens | compound
        for scope in _PRECEDENCE:
            if all_tokens & self.words.get(scope, frozenset()):
                if scope is Scope.NONPROD and self._prod_by_name(whole, all_tokens):
                    return Scope.PROD
                return scope
        return Scope.DEFAULT

    def _prod_by_name(self, whole: set[str], tokens: set[str]) -> bool:
        """A production folder or file name, with the non-production word only inside a
        hyphenated component name: overlays/production/ is production though the component
        is node-local-dns."""
        nonprod = self.words.get(Scope.NONPROD, frozenset())
        return bool(whole & self.words.get(Scope.PROD, frozenset())) \
            and not whole & nonprod and bool(tokens & nonprod)

    def classify_key(self, key: str | None) -> Scope | None:
        """The environment a key path names, when it names one (``environments.dev.rollout``
        in a flag file that holds every environment), else None: the file's scope stands."""
        if not key:
            return None
        segments = [s for s in _KEY_SEGMENT.split(key.lower()) if s]
        for parent, child in itertools.pairwise(segments):
            if parent not in _ENVIRONMENT_KEYS:
                continue
            for scope in (Scope.NONPROD, Scope.TEST, Scope.PROD):
                if child in self.words.get(scope, frozenset()):
                    return Scope.NONPROD if scope is Scope.TEST else scope
        return None


_KEY_SEGMENT = re.compile(r"[.\[\]…]+")
_ENVIRONMENT_KEYS = frozenset({"environments", "envs"})
"""Keys under which flag and rollout files list one block per environment (``environment``
and ``env`` are left out: they usually hold environment variables, such as ``STAGE``)."""


def adjust(base: Severity, scope: Scope,
           overrides: Mapping[Scope, Severity]) -> tuple[Severity, str | None]:
    """The severity for a finding at ``scope``, and a note when scope moved it."""
    if scope in overrides:
        severity = overrides[scope]
    elif scope in (Scope.TEST, Scope.NONPROD):
        severity = base.lowered()
    else:
        severity = base
    if severity == base:
        return severity, None
    verb = "raised" if severity > base else "lowered"
    return severity, f"{verb} from {base.value} to {severity.value}: {scope.label}"
