from __future__ import annotations

import pytest

from reviewer.analyzers.checks.secrets import entropy, find_secrets, redact


@pytest.mark.parametrize(("line", "kind"), [
    ('aws_key = "AKIAZ3MPLE7Q4RN2WX5T"', "AWS access key id"),
    ("token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "GitHub token"),
    ("-----BEGIN RSA PRIVATE KEY-----", "private key"),
    ("SLACK=xoxb-123456789012-abcdefghijkl", "Slack token"),
    ("stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe live key"),
    ("url: postgres://app:s3cr3tPassw0rd@db.internal:5432/app", "URL with password"),
    ("DB_PASSWORD=q7Vx2LmP9sKe4TzR8wNb", "high-entropy value for DB_PASSWORD"),
])
def test_detects(line: str, kind: str) -> None:
    assert [s.kind for s in find_secrets(line)] == [kind]


@pytest.mark.parametrize("line", [
    "DB_PASSWORD=${DB_PASSWORD}",
    'password = os.environ["DB_PASSWORD"]',
    "api_key: <your-api-key-here>",
    "password: changeme123",
    "token: {{ .Values.token }}",
    "password = 'aaaaaaaaaaaa'",
    "secret_name: payments-db-credentials",
])
def test_ignores_placeholders_and_low_entropy(line: str) -> None:
    assert find_secrets(line) == []


def test_redact_replaces_every_secret() -> None:
    text = 'a = "AKIAZ3MPLE7Q4RN2WX5T"\nDB_PASSWORD=q7Vx2LmP9sKe4TzR8wNb\n'
    redacted, count = redact(text)
    assert count == 2
    assert "AKIA" not in redacted and "q7Vx2" not in redacted
    assert redacted.count("[REDACTED]") == 2


def test_entropy() -> None:
    assert entropy("aaaa") == 0.0
    assert entropy("abcd") == 2.0
