"""The finding record and its stable fingerprint."""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from reviewer.diff.model import Side
from reviewer.severity import Severity


class Finding(NamedTuple):
    rule_id: str
    category: str
    severity: Severity
    path: str
    line: int
    side: Side
    message: str
    evidence: str
    fingerprint: str
    waived: bool = False
    title: str = ""
    key: str | None = None
    """The configuration key, for key-level findings (``spec.replicas``)."""
    before: str | None = None
    after: str | None = None
    scope: str = "default"
    severity_note: str | None = None
    """How the path's scope moved the rule's severity, when it did."""
    remediation: str = ""
    confidence: str = "medium"


_SPACE = re.compile(r"\s+")


def fingerprint(rule_id: str, path: str, anchor: str, occurrence: int = 0) -> str:
    """Stable across pushes: built from the rule, the file and what matched, not the line."""
    material = "\x1f".join((rule_id, path, _SPACE.sub(" ", anchor).strip(), str(occurrence)))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:20]
