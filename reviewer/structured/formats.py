"""Which configuration format a file is in, from its name."""

from __future__ import annotations

import enum
import posixpath


class Format(enum.Enum):
    YAML = "yaml"
    JSON = "json"
    TOML = "toml"
    HCL = "hcl"
    INI = "ini"
    PROPERTIES = "properties"
    ENV = "env"


_BY_SUFFIX = {
    ".yaml": Format.YAML, ".yml": Format.YAML,
    ".json": Format.JSON, ".jsonc": Format.JSON, ".json5": Format.JSON,
    ".toml": Format.TOML,
    ".tf": Format.HCL, ".hcl": Format.HCL, ".tfvars": Format.HCL, ".nomad": Format.HCL,
    ".ini": Format.INI, ".cfg": Format.INI, ".cnf": Format.INI,
    ".properties": Format.PROPERTIES,
    ".env": Format.ENV,
}
_BY_NAME = {
    "CODEOWNERS": None,
    "Pipfile": Format.TOML,
    "terraform.tfvars.json": Format.JSON,
    ".env": Format.ENV,
}


def format_of(path: str) -> Format | None:
    """The structured format of ``path``, or None for files read only line by line."""
    name = posixpath.basename(path)
    if name in _BY_NAME:
        return _BY_NAME[name]
    if name.startswith(".env.") or name.endswith(".env"):
        return Format.ENV
    _, suffix = posixpath.splitext(name.lower())
    if suffix == ".j2" or suffix == ".tpl":
        _, suffix = posixpath.splitext(name.lower()[: -len(suffix)])
    return _BY_SUFFIX.get(suffix)
