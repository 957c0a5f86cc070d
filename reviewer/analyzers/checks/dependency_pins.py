"""Dependency versions that stop being pinned: ``==2.31.0`` → ``>=2.31``, ``4.17.21`` → ``^4``.

Each manifest line is read into (package, version spec); a deleted line and an added line for
the same package are paired, and the change is reported when the old spec pinned one version
and the new one accepts many. Bumping a pin (``==2.31.0`` → ``==2.32.3``) is not drift.
In a requirements file whose other lines are all pinned, a new unpinned line is reported too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from reviewer.analyzers.checks.lineviews import code_lines, new_side
from reviewer.analyzers.context import FileContext, Hit
from reviewer.diff.model import DiffLine, FileStatus


class Spec(NamedTuple):
    name: str
    version: str
    """The version constraint as written (``==2.31.0``, ``^4.17.21``, ``*``, ``""``)."""


_PIP_LINE = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*"
                       r"(?P<spec>(?:[=<>!~]=?|===)[^;#\\]*?|@\s*\S+)?\s*(?:;[^#\\]*)?"
                       r"(?:\\|#.*)?$")
_QUOTED_PIP = re.compile(r"^\s*[\"'](?P<req>[A-Za-z0-9][^\"']*)[\"']\s*,?\s*(?:#.*)?$")
_JSON_PAIR = re.compile(r"^\s*\"(?P<name>[@\w./-]+)\"\s*:\s*\"(?P<spec>[^\"]*)\"\s*,?\s*$")
_TOML_PAIR = re.compile(r"^\s*(?P<name>[\w.-]+|\"[^\"]+\")\s*=\s*(?:\"(?P<spec>[^\"]*)\""
                        r"|\{[^}]*?\bversion\s*=\s*\"(?P<inline>[^\"]*)\"[^}]*\})\s*(?:#.*)?$")
_GRADLE = re.compile(r"""^\s*\w+\s*\(?\s*(?:platform\s*\(\s*)?["'](?P<name>[\w.-]+:[\w.-]+):"""
                     r"""(?P<spec>[^"':@]+)(?:@\w+)?["']""")
_GRADLE_MAP = re.compile(r"""^\s*\w+\s*\(?\s*group\s*[:=]\s*["'](?P<group>[\w.-]+)["']\s*,\s*"""
                         r"""name\s*[:=]\s*["'](?P<artifact>[\w.-]+)["']\s*,\s*"""
                         r"""version\s*[:=]\s*["'](?P<spec>[^"']+)["']""")
_GEM = re.compile(r"""^\s*gem\s+["'](?P<name>[\w.-]+)["']\s*(?:,\s*["'](?P<spec>[^"']*)["'])?""")

_SEMVER_EXACT = re.compile(r"^=?\s*v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$")
_PIP_EXACT = re.compile(r"^(?:===?\s*[\w.+!-]+|@\s*\S+)$")
_WILDCARD = re.compile(r"^\s*(?:\*|latest|next|x|X)?\s*$")


def _pip(text: str) -> Spec | None:
    quoted = _QUOTED_PIP.match(text)
    if quoted:
        text = quoted.group("req")
    if text.lstrip().startswith(("-", "#")):
        return None
    match = _PIP_LINE.match(text)
    if match is None:
        return None
    return Spec(match.group("name"), (match.group("spec") or "").strip())


def _json(text: str) -> Spec | None:
    match = _JSON_PAIR.match(text)
    return Spec(match.group("name"), match.group("spec").strip()) if match else None


def _toml(text: str) -> Spec | None:
    match = _TOML_PAIR.match(text)
    if match is None:
        return None
    spec = match.group("spec") if match.group("spec") is not None else match.group("inline")
    return Spec(match.group("name").strip('"'), spec.strip())


def _gem(text: str) -> Spec | None:
    match = _GEM.match(text)
    return Spec(match.group("name"), (match.group("spec") or "").strip()) if match else None


def _gradle(text: str) -> Spec | None:
    """``implementation("g:a:1.2.3")``, ``api 'g:a:1.+'``, ``implementation group: 'g',
    name: 'a', version: 'latest.release'`` in build.gradle(.kts)."""
    match = _GRADLE.match(text)
    if match:
        return Spec(match.group("name"), match.group("spec").strip())
    mapped = _GRADLE_MAP.match(text)
    if mapped:
        return Spec(f"{mapped.group('group')}:{mapped.group('artifact')}",
                    mapped.group("spec").strip())
    return None


class _Ecosystem(NamedTuple):
    read: Any
    """Line text → Spec or None."""
    pinned: Any
    """Spec version → whether it names exactly one version."""


def _pip_pinned(version: str) -> bool:
    return bool(_PIP_EXACT.match(version)) and "*" not in version


def _semver_pinned(version: str) -> bool:
    return bool(_SEMVER_EXACT.match(version))


def _poetry_pinned(version: str) -> bool:
    return _semver_pinned(version) or _pip_pinned(version)


def _gradle_pinned(version: str) -> bool:
    """Gradle's dynamic versions: ``1.+``, ``+``, ``latest.release``, ranges ``[1.0,2.0)``."""
    return bool(version) and not re.search(r"\+|^latest\.|[\[\](),]", version)


def _cargo_pinned(version: str) -> bool:
    return version.startswith("=") and _semver_pinned(version)


_BY_NAME = {
    "package.json": _Ecosystem(_json, _semver_pinned),
    "composer.json": _Ecosystem(_json, _semver_pinned),
    "pyproject.toml": _Ecosystem(lambda t: _pip(t) if _QUOTED_PIP.match(t) else _toml(t),
                                 _poetry_pinned),
    "pipfile": _Ecosystem(_toml, _pip_pinned),
    "cargo.toml": _Ecosystem(_toml, _cargo_pinned),
    "build.gradle": _Ecosystem(_gradle, _gradle_pinned),
    "build.gradle.kts": _Ecosystem(_gradle, _gradle_pinned),
    "libs.versions.toml": _Ecosystem(_toml, _gradle_pinned),
    "gemfile": _Ecosystem(_gem, lambda v: bool(re.match(r"^=?\s*\d+(?:\.\d+)+$", v))),
}
_REQUIREMENTS = _Ecosystem(_pip, _pip_pinned)


def ecosystem(path: str) -> _Ecosystem:
    name = posixpath.basename(path).lower()
    return _BY_NAME.get(name, _REQUIREMENTS)


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.lower())


def _specs(lines: Iterable[DiffLine], eco: _Ecosystem) -> list[tuple[DiffLine, Spec]]:
    out = []
    for line in code_lines(lines):
        spec = eco.read(line.text)
        if spec is not None:
            out.append((line, spec))
    return out


def check(ctx: FileContext, options: Mapping[str, Any]) -> Iterable[Hit]:
    """Options: ``new_unpinned`` (default true): report new unpinned lines in files whose
    other entries are all pinned (requirements files only)."""
    return _hits(ctx, bool(options.get("new_unpinned", True)))


def _hits(ctx: FileContext, new_unpinned: bool) -> Iterator[Hit]:
    eco = ecosystem(ctx.path)
    removed = {_key(s.name): s for _, s in _specs(ctx.change.removed_lines(), eco)}
    added = _specs(ctx.change.added_lines(), eco)
    for line, spec in added:
        before = removed.get(_key(spec.name))
        if before is None or before.version == spec.version:
            continue
        floating = _WILDCARD.match(spec.version) and not _WILDCARD.match(before.version)
        if floating or (eco.pinned(before.version) and not eco.pinned(spec.version)):
            yield _hit(line, spec, f"{spec.name} {before.version} → {spec.version or '(any)'}")
    if new_unpinned and eco is _REQUIREMENTS and ctx.change.status is not FileStatus.ADDED:
        yield from _new_unpinned(ctx, eco, removed, added)


def _new_unpinned(ctx: FileContext, eco: _Ecosystem, removed: Mapping[str, Spec],
                  added: list[tuple[DiffLine, Spec]]) -> Iterator[Hit]:
    """New unpinned entries where every other visible entry is pinned: the file's convention."""
    added_lines = {id(line) for line, _ in added}
    others = [s for line, s in _specs(new_side(ctx.change), eco) if id(line) not in added_lines]
    if len(others) < 2 or not all(eco.pinned(s.version) for s in others):
        return
    for line, spec in added:
        if _key(spec.name) not in removed and not eco.pinned(spec.version):
            yield _hit(line, spec, f"{spec.name} added as {spec.version or '(any version)'} in a "
                                   "file that pins every other dependency")


def _hit(line: DiffLine, spec: Spec, detail: str) -> Hit:
    return Hit(line.number, line.side, line.text.strip()[:240], anchor=f"pin:{_key(spec.name)}",
               values={"detail": detail, "package": spec.name})
