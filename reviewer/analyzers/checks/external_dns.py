"""external-dns hostname annotations that lose a name.

external-dns publishes the names in ``external-dns.alpha.kubernetes.io/hostname`` (a
comma-separated list) on an Ingress or Service. A name that leaves the list is a record
external-dns deletes (with policy ``sync``) or leaves unmanaged; each lost name is reported on
the line that listed it. A deleted file is not read: removing the whole resource is a
different, deliberate change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from reviewer.analyzers.context import FileContext, Hit
from reviewer.analyzers.matchers import clip
from reviewer.diff.model import DiffLine, FileStatus

_ANNOTATION = re.compile(
    r"""^\s*["']?external-dns\.alpha\.kubernetes\.io/(?:hostname|internal-hostname)["']?\s*:"""
    r"""\s*["']?(?P<names>[^"'#]*)""")


def _names(lines: Iterable[DiffLine]) -> Iterator[tuple[DiffLine, set[str]]]:
    for line in lines:
        found = _ANNOTATION.match(line.text)
        if found:
            yield line, {n.strip().rstrip(".").lower() for n in found.group("names").split(",")
                         if n.strip()}


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    if ctx.change.status is FileStatus.DELETED:
        return
    removed = list(_names(ctx.change.removed_lines()))
    if not removed:
        return
    kept: set[str] = set()
    for _, names in _names(ctx.change.added_lines()):
        kept |= names
    for line, names in removed:
        for name in sorted(names - kept):
            yield Hit(line.number, line.side, clip(line.text), anchor=f"external-dns:{name}",
                      values={"name": name})
