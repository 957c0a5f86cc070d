"""Redaction before any prompt: everything credential-like goes, ordinary configuration stays."""

from __future__ import annotations

import pytest

from reviewer.narrative.redaction import Redactor


@pytest.mark.parametrize(("line", "expected"), [
    ('AWS_ACCESS_KEY_ID = "AKIAQ7PLANTEDKEY0042"', 'AWS_ACCESS_KEY_ID = "[REDACTED]"'),
    ("DB_PASSWORD=hunter2hunter2", "DB_PASSWORD=[REDACTED]"),
    ('"password": "letmein99",', '"password": "[REDACTED]",'),
    ("url: postgres://app:S3cretPassw0rd@db:5432/x", "url: postgres://app:[REDACTED]@db:5432/x"),
    ('curl -H "Authorization: Bearer abcd1234efgh5678ijkl" x',
     'curl -H "Authorization: Bearer [REDACTED]" x'),
    ("  tls.key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB",
     "  tls.key: [REDACTED]"),
    ('nonce = "SCNddNX7wzoKXIo321zTONL64s1HwLWs"', 'nonce = "[REDACTED]"'),
    ("API_TOKEN=0a1b…[redacted]", "API_TOKEN=[REDACTED]"),
    ('sa = "-----BEGIN PRIVATE KEY-----\\nMIIabc\\n-----END PRIVATE KEY-----\\n"',
     'sa = "[REDACTED]\\n"'),
])
def test_credentials_are_replaced(line: str, expected: str) -> None:
    assert Redactor().line(line) == expected


@pytest.mark.parametrize("line", [
    "replicas: 2",
    "image: registry.example.com/svc:1.2.3@sha256:" + "0123456789abcdef" * 4,
    "password: ${DB_PASSWORD}",
    "token_ttl: 3600",
    "tokenizer: cl100k_base",
    "REPLICAS_KEY = 'spec.replicas'",
    "- key: app.kubernetes.io/name",
    "secretKeyRef:",
    "AbstractSingletonProxyFactoryBean2Implementation42 = 1",
    "message: high-entropy value for API_TOKEN: looks like a real credential",
    "commit 0123456789abcdef0123456789abcdef01234567",
])
def test_ordinary_text_is_kept(line: str) -> None:
    assert Redactor().line(line) == line


def test_a_key_block_is_hidden_whole_and_counted_once() -> None:
    redactor = Redactor()
    lines = redactor.lines(["tls.crt: ok", "tls.key: |", "  -----BEGIN EC PRIVATE KEY-----",
                            "  MHcCAQEEIBk1", "", "  q1w2e3r4", "  -----END EC PRIVATE KEY-----",
                            "after: 1"])
    assert lines == ["tls.crt: ok", "tls.key: |", "  -----BEGIN EC PRIVATE KEY-----",
                     "  [REDACTED]", "", "  [REDACTED]", "  -----END EC PRIVATE KEY-----",
                     "after: 1"]
    assert redactor.count == 1


def test_count_is_of_distinct_values() -> None:
    redactor = Redactor()
    for _ in range(3):
        redactor.line("DB_PASSWORD=hunter2hunter2")
    redactor.text("A=1\nGITHUB_TOKEN=ghp_Pl4ntedGitHubT0kenValueF0rTest1ng0042\n")
    assert redactor.count == 2
