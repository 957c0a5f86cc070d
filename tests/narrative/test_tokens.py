"""Token counting works with the network off: the BPE table ships in a package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network disabled by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""


def run(code: str, tmp_path: Path) -> str:
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache"),
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    return subprocess.run([sys.executable, "-c", NO_NETWORK + code], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_counts_with_the_network_disabled(tmp_path: Path) -> None:
    out = run("from reviewer.narrative.tokens import counter\n"
              "c = counter()\n"
              "print(c.name, c.count('hello world'), c.count('spec:\\n  replicas: 2\\n'))",
              tmp_path)
    assert out == "cl100k_base 2 8"


def test_without_the_table_it_estimates_rather_than_fails(tmp_path: Path) -> None:
    out = run("import sys\nsys.modules['tiktoken'] = None\n"
              "from reviewer.narrative.tokens import counter\n"
              "c = counter()\nprint(c.name, c.count('hello world'))", tmp_path)
    assert out == "estimate 4"
