from __future__ import annotations

from collections.abc import Callable

import pytest

from reviewer.analyzers.checks.dockerfile import ImageRef, check, parse_image
from reviewer.analyzers.context import Hit
from reviewer.diff.model import Side

RunCheck = Callable[..., list[Hit]]


@pytest.mark.parametrize(("ref", "image"), [
    ("node:20.11-alpine", ImageRef("node", "20.11-alpine", None)),
    ("registry.local:5000/team/api", ImageRef("registry.local:5000/team/api", None, None)),
    ("python@sha256:abc", ImageRef("python", None, "sha256:abc")),
    ("gcr.io/distroless/static:nonroot@sha256:abc",
     ImageRef("gcr.io/distroless/static", "nonroot", "sha256:abc")),
])
def test_parse_image(ref: str, image: ImageRef) -> None:
    assert parse_image(ref) == image


@pytest.mark.parametrize(("after", "expected"), [
    ("FROM node\n", ["node (no tag)"]),
    ("FROM --platform=$BUILDPLATFORM node:latest AS build\n", ["node:latest"]),
    ("FROM node:20.11\n", []),
    ("FROM node@sha256:0123\n", []),
    ("FROM ${BASE}\n", []),
    ("FROM scratch\n", []),
    ("FROM golang:1.22 AS build\nFROM build\n", []),
])
def test_unpinned(hits: RunCheck, after: str, expected: list[str]) -> None:
    found = hits(check, "Dockerfile", None, after, {"kind": "unpinned"})
    assert [h.values["image"] for h in found] == expected


def test_digest_removed(hits: RunCheck) -> None:
    before = "FROM node:20.11@sha256:aaaa\nRUN npm ci\n"
    found = hits(check, "Dockerfile", before, "FROM node:20.11\nRUN npm ci\n",
                 {"kind": "digest-removed"})
    assert [(h.line, h.values["digest"]) for h in found] == [(1, "sha256:aaaa")]
    assert hits(check, "Dockerfile", before, "FROM node:20.12@sha256:bbbb\nRUN npm ci\n",
                {"kind": "digest-removed"}) == []


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("FROM a:1\nUSER app\nCMD x\n", "FROM a:1\nUSER root\nCMD x\n", [(2, Side.NEW)]),
    ("FROM a:1\nUSER app\nCMD x\n", "FROM a:1\nCMD x\n", [(2, Side.OLD)]),
    ("FROM a:1\nUSER app\nCMD x\n", "FROM a:1\nUSER root\nRUN apk add tini\nUSER app\nCMD x\n",
     []),
    ("FROM a:1\nUSER app\nCMD x\n", "FROM a:1\nUSER 10001\nCMD x\n", []),
])
def test_root_user(hits: RunCheck, before: str, after: str,
                   expected: list[tuple[int, Side]]) -> None:
    found = hits(check, "Dockerfile", before, after, {"kind": "root-user"})
    assert [(h.line, h.side) for h in found] == expected
