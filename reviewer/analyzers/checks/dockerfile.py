"""Dockerfile base images and users: floating tags, dropped digests, containers left as root.

``FROM builder`` names an earlier stage, not an image, and ``FROM ${BASE}`` is decided at
build time; neither is reported. A ``USER root`` that a later ``USER app`` undoes is the
usual way to install packages and is not reported either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.lineviews import code_lines, new_side
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine, LineKind

FROM = re.compile(r"^\s*FROM\s+(?:--[\w-]+=\S+\s+)*(?P<image>[^\s#]+)"
                  r"(?:\s+AS\s+(?P<alias>[^\s#]+))?\s*(?:#.*)?$", re.I)
_USER = re.compile(r"^\s*USER\s+(?P<user>[^\s#:]+)(?::\S+)?\s*(?:#.*)?$", re.I)
_ROOT = frozenset({"root", "0"})


class ImageRef(NamedTuple):
    repo: str
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        """The last path part of the repository: ``node`` for ``docker.io/library/node``."""
        return self.repo.rsplit("/", 1)[-1].lower()


def parse_image(ref: str) -> ImageRef:
    image, _, digest = ref.partition("@")
    slash = image.rfind("/")
    colon = image.rfind(":")
    if colon > slash:
        return ImageRef(image[:colon], image[colon + 1:], digest or None)
    return ImageRef(image, None, digest or None)


def from_lines(lines: Iterable[DiffLine]) -> Iterator[tuple[DiffLine, ImageRef]]:
    """``FROM`` instructions naming a concrete image (not a variable, not ``scratch``)."""
    for line in code_lines(lines):
        match = FROM.match(line.text)
        if match and "$" not in match.group("image") and match.group("image") != "scratch":
            yield line, parse_image(match.group("image"))


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``kind``: ``unpinned`` (default), ``digest-removed`` or ``root-user``."""
    kind = str(options.get("kind", "unpinned"))
    finders = {"unpinned": _unpinned, "digest-removed": _digest_removed, "root-user": _root}
    return finders[kind](ctx)


def _stage_names(ctx: FileContext) -> set[str]:
    names = set()
    for text in ctx.visible_text.split("\n"):
        match = FROM.match(text)
        if match and match.group("alias"):
            names.add(match.group("alias").lower())
    return names


def _unpinned(ctx: FileContext) -> Iterator[Hit]:
    stages = _stage_names(ctx)
    for line, image in from_lines(ctx.change.added_lines()):
        if image.digest or image.repo.lower() in stages:
            continue
        if image.tag is None or image.tag.lower() == "latest":
            shown = f"{image.repo}:{image.tag}" if image.tag else f"{image.repo} (no tag)"
            yield Hit(line.number, line.side, line.text.strip()[:240],
                      anchor=f"from:{image.repo}", values={"image": shown})


def _digest_removed(ctx: FileContext) -> Iterator[Hit]:
    pinned = {image.repo: image for _, image in from_lines(ctx.change.removed_lines())
              if image.digest}
    for line, image in from_lines(ctx.change.added_lines()):
        before = pinned.get(image.repo)
        if before is not None and image.digest is None:
            yield Hit(line.number, line.side, line.text.strip()[:240],
                      anchor=f"digest:{image.repo}",
                      values={"image": image.repo, "digest": before.digest or ""})


def _root(ctx: FileContext) -> Iterator[Hit]:
    """An added root USER that nothing later switches away from, or a removed non-root USER
    in a file where no USER line is added back."""
    users = [(ln, m.group("user").lower()) for ln in new_side(ctx.change)
             if (m := _USER.match(ln.text)) is not None]
    if users and users[-1][1] in _ROOT and users[-1][0].kind is LineKind.ADDED:
        line = users[-1][0]
        yield Hit(line.number, line.side, line.text.strip()[:240], anchor="user:root-added",
                  values={"user": users[-1][1]})
        return
    if users:
        return  # a USER (root only for a step, or a non-root one) still ends the file
    for line in ctx.change.removed_lines():
        match = _USER.match(line.text)
        if match and match.group("user").lower() not in _ROOT:
            yield Hit(line.number, line.side, line.text.strip()[:240],
                      anchor="user:non-root-removed", values={"user": "root (the default)"})
            return
