from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.platform_version import check
from reviewer.analyzers.context import Hit

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("path", "before", "after", "expected"), [
    ("Dockerfile", "FROM node:18.19-alpine\n", "FROM node:20.11-alpine\n", [("node", "18", "20")]),
    ("Dockerfile", "FROM python:3.11-slim\n", "FROM python:3.12-slim\n",
     [("python", "3.11", "3.12")]),
    ("Dockerfile", "FROM eclipse-temurin:17-jre\n", "FROM eclipse-temurin:21-jre\n",
     [("eclipse-temurin", "17", "21")]),
    ("Dockerfile", "FROM python:3.12.1-slim\n", "FROM python:3.12.2-slim\n", []),
    ("Dockerfile", "FROM nginx:1.25\n", "FROM nginx:1.27\n", []),
    (".nvmrc", "v18.19.0\n", "v20.11.1\n", [("node", "18", "20")]),
    (".tool-versions", "nodejs 18.19.0\npython 3.11.8\n", "nodejs 18.19.1\npython 3.12.2\n",
     [("python", "3.11", "3.12")]),
    ("runtime.txt", "python-3.10.13\n", "python-3.12.2\n", [("python", "3.10", "3.12")]),
    ("template.yaml", "    Runtime: python3.9\n", "    Runtime: python3.12\n",
     [("python", "3.9", "3.12")]),
])
def test_major_jumps(hits: RunCheck, path: str, before: str, after: str,
                     expected: list[tuple[str, str, str]]) -> None:
    found = hits(check, path, before, after)
    assert [(h.values["runtime"], h.values["old"], h.values["new"]) for h in found] == expected
