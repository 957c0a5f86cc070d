"""Finding the policy, reading it, and fitting the rules to it.

Git mode reads the policy (``.reviewer.yaml`` at the repository root, or ``--config`` as a
repository path) and the folders it names from the BASE revision. Diff mode reads ``--config``
or a policy file in the current directory. Validated policies are cached by content, so a
review with a policy does not import pydantic either once the cache is warm.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import posixpath
from pathlib import Path

from reviewer import __version__
from reviewer.analyzers.ruleset import RuleSet
from reviewer.cache import cache_dir, write_atomic
from reviewer.errors import PolicyError
from reviewer.policy.model import FolderRef, MalformedException, Policy
from reviewer.policy.source import POLICY_NAMES, SELF_CONFIG, Origin, PolicySource
from reviewer.severity import Severity
from reviewer.yamlsource import read_text


def locate(config: Path | None = None, *, repo: Path | None = None,
           base: str | None = None, cwd: Path | None = None) -> Policy | None:
    """See ``reviewer.policy.source.locate_policy``."""
    if base is not None:
        return _from_git(config, repo or Path("."), base)
    here = cwd or Path(".")
    if config is not None:
        return load_policy_file(config, Origin.CONFIG, cwd=here)
    for name in POLICY_NAMES:
        if (here / name).is_file():
            return load_policy_file(here / name, Origin.WORKING_DIRECTORY, name, here)
    return None


def load_policy_file(path: Path, origin: Origin = Origin.CONFIG, label: str | None = None,
                     cwd: Path | None = None) -> Policy:
    """A policy file on disk, with its folders relative to the file."""
    source = PolicySource(origin, label or str(path))
    policy = parse_policy(read_text(path, PolicyError), source)
    return _disk_folders(policy, path.parent, cwd or Path("."), path)


def parse_policy(text: str, source: PolicySource) -> Policy:
    """Validated policy records for ``text``: from the cache when this text was seen before."""
    material = f"reviewer {__version__}\0{source}\0{text}".encode("utf-8", "surrogatepass")
    use_cache = os.environ.get("REVIEWER_NO_CACHE") is None
    target = cache_dir() / f"policy-{hashlib.sha256(material).hexdigest()[:32]}.pickle"
    if use_cache:
        try:
            cached = pickle.loads(target.read_bytes())
            if isinstance(cached, Policy):
                return cached
        except Exception:  # missing, stale or corrupt: validate again below
            pass
    from reviewer.policy.compile import compile_policy

    policy = compile_policy(text, source)
    if use_cache:
        write_atomic(target, pickle.dumps(policy, protocol=pickle.HIGHEST_PROTOCOL))
    return policy


def _from_git(config: Path | None, repo: Path, base: str) -> Policy | None:
    from reviewer.diff import git
    from reviewer.policy import revision

    root = git.repo_root(repo)
    rev = git.resolve(root, base)
    if config is not None:
        inside = _repo_path(root, config)
        if inside is None:
            # Outside the repository, so not part of the change: the file on disk applies.
            return load_policy_file(config, Origin.CONFIG)
        names: tuple[str, ...] = (inside,)
    else:
        names = POLICY_NAMES
    path = revision.first_file(root, rev, names)
    if path is None:
        source = PolicySource(Origin.BASE_REVISION, names[0], rev, found=False)
        return Policy(source=source, config_globs=names)
    source = PolicySource(Origin.BASE_REVISION, path, rev)
    policy = parse_policy(revision.read_text(root, rev, path, source.label), source)
    folder_of = posixpath.dirname(path)
    dirs: dict[str, list[Path]] = {"rules": [], "prompts": []}
    names_of: dict[str, str] = {}
    globs = [path]
    for kind, refs in (("rules", policy.rule_paths), ("prompts", policy.prompt_paths)):
        for ref in refs:
            rel = _inside_repo(folder_of, ref, kind)
            local = revision.materialize(root, rev, rel, ref.where)
            dirs[kind].append(local)
            names_of[str(local)] = f"{rev[:12]}:{rel}"
            globs.append(f"{rel}/**")
    return dataclasses.replace(policy, rule_dirs=tuple(dirs["rules"]),
                               prompt_dirs=tuple(dirs["prompts"]), folder_names=names_of,
                               config_globs=tuple(globs))


def _repo_path(root: Path, path: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _inside_repo(folder_of: str, ref: FolderRef, kind: str) -> str:
    if posixpath.isabs(ref.path):
        raise PolicyError(f"{kind}.paths: {ref.path!r} must be relative to the repository "
                          "(git mode reads it from the base revision)", where=ref.where)
    rel = posixpath.normpath(posixpath.join(folder_of, ref.path))
    if rel == ".." or rel.startswith("../"):
        raise PolicyError(f"{kind}.paths: {ref.path!r} is outside the repository",
                          where=ref.where)
    return rel


def _disk_folders(policy: Policy, base_dir: Path, cwd: Path, policy_path: Path) -> Policy:
    dirs: dict[str, list[Path]] = {"rules": [], "prompts": []}
    globs = [_relative_glob(policy_path, cwd, folder=False)]
    for kind, refs in (("rules", policy.rule_paths), ("prompts", policy.prompt_paths)):
        for ref in refs:
            folder = Path(ref.path)
            folder = folder if folder.is_absolute() else base_dir / folder
            if not folder.is_dir():
                raise PolicyError(f"{kind}.paths: folder {ref.path!r} not found "
                                  f"(looked for {folder})", where=ref.where)
            dirs[kind].append(folder)
            globs.append(_relative_glob(folder, cwd, folder=True))
    return dataclasses.replace(policy, rule_dirs=tuple(dirs["rules"]),
                               prompt_dirs=tuple(dirs["prompts"]),
                               config_globs=tuple(g for g in globs if g))


def _relative_glob(path: Path, cwd: Path, *, folder: bool) -> str:
    """A repository glob for ``path`` when the diff's paths are relative to ``cwd``."""
    try:
        rel = path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return ""
    return f"{rel}/**" if folder else rel


def fit_rules(policy: Policy, ruleset: RuleSet) -> tuple[Policy, RuleSet]:
    """Check the rule ids the policy names, then drop disabled rules and point the
    self-configuration rules at the policy's own files and folders."""
    known = {rule.id for rule in ruleset.rules}
    for ref in policy.refs:
        if ref.rule not in known:
            raise PolicyError(f"{ref.field}: unknown rule id {ref.rule!r} "
                              "(see: reviewer rules list)", where=ref.where)
    guards = {rule.id for rule in ruleset.rules if rule.category == SELF_CONFIG}
    for ref in policy.refs:
        if ref.field == "rules.disable" and ref.rule in guards:
            raise PolicyError(f"rules.disable: {ref.rule} cannot be disabled: it reports "
                              "changes to this review's own configuration", where=ref.where)
    for override in policy.overrides:
        if ((override.rule in guards or override.category == SELF_CONFIG)
                and override.severity < Severity.WARN):
            raise PolicyError("overrides: changes to this review's own configuration are "
                              "at least warn", where=override.where)
    unknown = [e for e in policy.exceptions if e.rule not in known]
    if unknown:
        policy = dataclasses.replace(
            policy, exceptions=tuple(e for e in policy.exceptions if e.rule in known),
            malformed=policy.malformed + tuple(
                MalformedException(e.where, f"rule: unknown rule id {e.rule!r}", e.rule,
                                   e.path) for e in unknown))
    fitted = ruleset.without(policy.disabled)
    if policy.config_globs:
        fitted = RuleSet(tuple(
            dataclasses.replace(rule, files=rule.files + policy.config_globs)
            if rule.category == SELF_CONFIG else rule for rule in fitted.rules),
            fitted.sources)
    return policy, fitted
