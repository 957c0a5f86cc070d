from __future__ import annotations

import pytest

from reviewer.analyzers.checks.secrets import entropy, find_secrets, redact
from tests.analyzers.checks.conftest import RunCheck


@pytest.mark.parametrize(("line", "kind"), [
    ('aws_key = "AKIAZ3MPLE7Q4RN2WX5T"', "AWS access key id"),
    ("token: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8", "GitHub token"),
    ("-----BEGIN RSA PRIVATE KEY-----", "private key"),
    ("SLACK=xoxb-123456789012-abcdefghijkl", "Slack token"),
    ("SLACK=xoxb-2048-team-token", "Slack token"),
    ("stripe: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "Stripe live key"),
    ("url: postgres://app:s3cr3tPassw0rd@db.internal:5432/app", "URL with password"),
    ("url: postgres://app:correct-horse-battery@db.internal:5432/app", "URL with password"),
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
    "SLACK_ALERTS_TOKEN=xoxb-your-token-here",
    "GITLAB_TOKEN=glpat-paste-your-token-here",
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


@pytest.mark.parametrize(("line", "kind"), [
    ("HF_TOKEN=hf_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH", "Hugging Face token"),
    ("vault_token: hvs.CAESIJ2k9Xq7rLmN4pQ8sT1uV3wY5zA", "HashiCorp Vault token"),
    ("client_secret = 'GOCSPX-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4'", "Google OAuth client secret"),
    ("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + "A1b2" * 21 + "Xy==",
     "Azure storage account key"),
    ("<password>q7Vx2LmP9sKe4TzR</password>", "high-entropy value for password"),
    ('"apiKey": "9f8e7d6c5b4a39281706f5e4d3c2b1a0"', "high-entropy value for apiKey"),
])
def test_detects_more_formats_and_shapes(line: str, kind: str) -> None:
    assert [s.kind for s in find_secrets(line)] == [kind]


@pytest.mark.parametrize("line", [
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "token: ghp_" + "x" * 36,
    "token = jwt.encode(payload2, signing_key)",
    "password = settings.DATABASE_PASSWORD2",
    "token_url: https://login.acme.io/oauth2/v1/token",
    "password_file: /run/secrets/db-password-v2",
    "DB_PASSWORD=DB_PASSWORD_2024_SECRET_NAME",
    "password: ENC[AES256_GCM,data:Tr7o1x9Qk2==,iv:3f9a,tag:77aa,type:str]",
    "SECRET_KEY = 'django-insecure-9x7v2m!k4q#p8w$z3r0t1y6u5i'",
    "password: ${{ secrets.DB_PASSWORD }}",
    "api_key_id: 4f9c2d71e8b3",
])
def test_ignores_references_code_and_documented_fakes(line: str) -> None:
    assert find_secrets(line) == []


def test_evidence_masks_every_credential_on_the_line(run_check: RunCheck) -> None:
    line = 'creds = {"aws": "AKIAZ3MPLE7Q4RN2WX5T", "password": "q7Vx2LmP9sKe4TzR8wNb"}\n'
    found = run_check("secrets", "svc/settings.py", None, line, {"assignments": False})
    assert found == [(1, "new", 'creds = {"aws": "AKIA…[redacted]", "password": "…[redacted]"}')]


@pytest.mark.parametrize(("line", "options", "found"), [
    ("DB_PASSWORD=Sup3rS3cret!", {"min_entropy": 3.0, "mixed": False}, True),
    ("POSTGRES_PASSWORD=postgres", {"min_entropy": 3.0, "mixed": False}, False),
    ("DB_PASSWORD=Sup3rS3cret!", {}, False),
])
def test_assignment_detector_can_be_tuned(line: str, options: dict[str, object],
                                          found: bool) -> None:
    assert bool(find_secrets(line, formats=False, **options)) is found  # type: ignore[arg-type]


@pytest.mark.parametrize(("line", "found"), [
    ("DATABASE_URL: postgres://postgres:postgres@db:5432/app", False),
    ("amqp://guest:guest@localhost:5672/", False),
    ("DATABASE_URL: postgres://postgres:postgres@orders-db.prod.internal:5432/app", True),
    ("DATABASE_URL: postgres://app:Xk29fmQ1zP@db:5432/app", True),
])
def test_local_development_logins_in_urls(line: str, found: bool) -> None:
    assert bool(find_secrets(line)) is found
