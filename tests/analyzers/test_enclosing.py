from __future__ import annotations

import pytest

from reviewer.analyzers.enclosing import block_text, side_lines
from reviewer.diff.model import Side
from reviewer.diff.synthetic import changeset

SECURITY_GROUP = '''\
resource "aws_security_group" "db" {
  name = "orders-db"
  ingress {
    description = "postgres from the app"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
'''

POLICY = '''\
resource "aws_s3_bucket_policy" "assets" {
  policy = <<POLICY
{
  "Statement": [
    {
      "Effect": "Deny",
      "Principal": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    },
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "*"
      }
    }
  ]
}
POLICY
}
'''

STATEMENTS = '''\
Resources:
  AssetsPolicy:
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
          - Effect: Allow
            Principal:
              AWS: '*'
            Action: 's3:GetObject'
'''


def lines(text: str) -> dict[int, str]:
    return dict(enumerate(text.split("\n"), 1))


@pytest.mark.parametrize(("path", "text", "line", "levels", "first", "last"), [
    ("sg.tf", SECURITY_GROUP, 7, 1, "ingress {", "}"),
    ("sg.tf", SECURITY_GROUP, 13, 1, "egress {", "}"),
    ("sg.tf", SECURITY_GROUP, 7, 2, 'resource "aws_security_group" "db" {', "}"),
    ("sg.tf", SECURITY_GROUP, 2, 1, 'resource "aws_security_group" "db" {', "}"),
    ("policy.tf", POLICY, 7, 1, "{", "},"),
    ("policy.tf", POLICY, 13, 1, '"Principal": {', "}"),
    ("policy.tf", POLICY, 13, 2, "{", "}"),
    ("stack.yaml", STATEMENTS, 7, 1, "- Effect: Deny", "Action: 's3:*'"),
    ("stack.yaml", STATEMENTS, 11, 1, "Principal:", "AWS: '*'"),
    ("stack.yaml", STATEMENTS, 11, 2, "- Effect: Allow", "Action: 's3:GetObject'"),
])
def test_block_text(path: str, text: str, line: int, levels: int, first: str,
                    last: str) -> None:
    block = block_text(path, lines(text), line, levels).split("\n")
    assert (block[0].strip(), block[-1].strip()) == (first, last)


def test_statement_blocks_keep_their_own_effect() -> None:
    allow = block_text("policy.tf", lines(POLICY), 13, 2)
    assert '"Effect": "Allow"' in allow and "Deny" not in allow


def test_a_bare_diff_shows_only_part_of_a_block() -> None:
    before = SECURITY_GROUP.replace('["0.0.0.0/0"]\n  }\n  egress',
                                    '["10.0.0.0/8"]\n  }\n  egress')
    change = changeset([("infra/db.tf", before, SECURITY_GROUP)]).files[0]
    shown = side_lines(change, Side.NEW)
    assert min(shown) == 4 and 7 in shown  # three lines of context above the change
    block = block_text("infra/db.tf", shown, 7).split("\n")
    assert block[0].strip() == 'description = "postgres from the app"'
    assert block[-1].strip() == "}"
    assert block_text("infra/db.tf", shown, 99) == ""


def test_old_side_reads_removed_lines() -> None:
    after = SECURITY_GROUP.replace("    from_port   = 5432\n", "")
    change = changeset([("infra/db.tf", SECURITY_GROUP, after)]).files[0]
    assert side_lines(change, Side.OLD)[5].strip() == "from_port   = 5432"
    assert "from_port   = 5432" not in "\n".join(side_lines(change, Side.NEW).values())


def test_a_level_beyond_the_outermost_block_stays_at_that_block() -> None:
    values = "podSecurityContext:\n  runAsUser: 0\npersistence:\n  enabled: false\n"
    assert block_text("values.yaml", lines(values), 2, 2) == "podSecurityContext:\n  runAsUser: 0"
    assert block_text("sg.tf", lines(SECURITY_GROUP), 7, 5).split("\n")[0].startswith("resource")
