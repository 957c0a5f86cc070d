"""Deterministic analysis: rules from rules/ plus a few Python checks, producing findings."""
