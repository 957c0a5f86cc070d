"""``reviewer rules explain``: what a rule catches, why it matters, an example, the fix."""

from __future__ import annotations

import textwrap

from reviewer.analyzers.rule_model import Match, Rule
from reviewer.categories import DESCRIPTIONS
from reviewer.diff.synthetic import unified_diff

_PREDICATE_WORDS = {
    "becomes": "becomes {v}",
    "was": "was {v}",
    "from_true_to_false": "goes from true to false",
    "from_false_to_true": "goes from false to true",
    "increases_to_at_least": "rises to {v} or more",
    "increases_by_factor": "grows {v}× or more",
    "decreases_by_factor": "drops to 1/{v} or less of its old value",
    "decreases_to_at_most": "drops to {v} or less",
    "removed": "is removed",
    "added": "is added",
    "emptied": "becomes empty (null, \"\", [] or {{}})",
    "contains": "now contains {v}",
    "gains_item": "gains the element {v}",
    "loses_item": "loses the element {v}",
    "matches": "now matches /{v}/",
    "shrinks_to_at_most": "shrinks to {v} element(s) or fewer",
    "changed": "changes value",
    "decreases": "goes down",
    "increases": "goes up",
    "fewer_items": "has fewer elements than before",
    "gains_item_matching": "gains an element matching /{v}/",
    "stops_matching": "no longer matches /{v}/",
    "parent_kept": "inside a block (the first {v} path segments) that stays",
    "block_depth": "as a whole block {v} segments deep",
}


def _shown(value: object) -> object:
    """Values as a rule file writes them: true, false, null."""
    if value is True or value is False:
        return str(value).lower()
    return "null" if value is None else value


def describe_match(match: Match) -> str:
    if match.kind == "key":
        keys = " or ".join(f"`{k}`" for k in match.key)
        preds = [("inside a block that stays" if name == "parent_kept" and value is True
                  else _PREDICATE_WORDS[name].format(v=_shown(value))
                  if name in _PREDICATE_WORDS else name)
                 for name, value in match.predicates().items()]
        text = f"key {keys} " + (" and ".join(preds) if preds else "changes in any way")
    elif match.kind == "lines":
        parts = []
        if match.added_lines:
            parts.append("an added line matching "
                         + " or ".join(f"/{p}/" for p in match.added_lines))
        if match.removed_lines:
            parts.append("a removed line matching "
                         + " or ".join(f"/{p}/" for p in match.removed_lines))
        text = "; ".join(parts)
        if match.unless_line:
            text += " (except lines matching " + " or ".join(
                f"/{p}/" for p in match.unless_line) + ")"
    elif match.kind == "file":
        text = f"a matching file is {match.file}"
    elif match.kind == "combination":
        groups = []
        for group in match.all_of:
            if isinstance(group, dict):
                groups.append(" ".join(f"{k} {v}" for k, v in group.items()))
            else:
                groups.append(group if isinstance(group, str) else " or ".join(group))
        text = "the same change has findings in: " + " + ".join(groups)
        if match.same_file:
            text += " (in one file)"
    else:
        text = f"the `{match.analyzer}` analyzer reports a hit" + _analyzer_summary(match)
    if not match.new_files:
        text += "; not in files the change creates"
    for words, patterns in (("only in files matching", match.when_file_contains),
                            ("not in files matching", match.unless_file_contains),
                            ("only when the enclosing block matches", match.when_block_contains),
                            ("not when the enclosing block matches", match.unless_block_contains)):
        if patterns:
            text += f"; {words} " + " or ".join(f"/{p}/" for p in patterns)
    if match.when_scope:
        text += "; only on " + " or ".join(s.value for s in match.when_scope) + " paths"
    if match.unless_key:
        text += "; never for keys " + " or ".join(f"`{k}`" for k in match.unless_key)
    if match.unless_moved:
        text += "; not for resources a `moved` block in the file moves elsewhere"
    return text


def _analyzer_summary(match: Match) -> str:
    """The check's own description (its module docstring's first paragraph) and options."""
    from reviewer.analyzers.checks import check_module

    module = check_module(str(match.analyzer))
    doc = (module.__doc__ or "").strip().split("\n\n")[0] if module else ""
    options = ", ".join(f"{k}={v}" for k, v in match.options.items())
    return (f": {' '.join(doc.split())}" if doc else "") + (f" ({options})" if options else "")


def explain(rule: Rule, source: str) -> str:
    out = [f"{rule.id}: {rule.title}", "=" * min(78, len(rule.id) + len(rule.title) + 2), ""]
    out.append(f"category   {rule.category} ({DESCRIPTIONS.get(rule.category, '')})")
    scope = ", ".join(f"{k.value}: {v.value}" for k, v in rule.scope.items())
    out.append(f"severity   {rule.severity.value}" + (f" (by scope: {scope})" if scope else "")
               + "; lowered one step on test/docs and non-production paths unless stated")
    out.append(f"confidence {rule.confidence}")
    out.append(f"files      {', '.join(rule.files)}"
               + (f" (except {', '.join(rule.exclude)})" if rule.exclude else ""))
    if source:
        out.append(f"defined in {source}")
    out += ["", "What it catches:"]
    out += [textwrap.fill(describe_match(m), 78, initial_indent="  - ",
                          subsequent_indent="    ") for m in rule.match]
    out += ["", "Why it matters:", textwrap.indent(textwrap.fill(" ".join(rule.why.split()), 76),
                                                   "  ")]
    example = rule.examples.fire[0]
    out += ["", "Example (fires):"]
    if example.diff is not None:
        out.append(textwrap.indent(example.diff.rstrip("\n"), "  "))
    elif example.path is not None:
        out.append(textwrap.indent(unified_diff(example.path, example.before, example.after)
                                   .rstrip("\n"), "  "))
    quiet = rule.examples.ok[0]
    if quiet.path is not None and quiet.diff is None:
        out += ["", "Looks similar, does not fire:"]
        out.append(textwrap.indent(unified_diff(quiet.path, quiet.before, quiet.after)
                                   .rstrip("\n"), "  "))
    out += ["", "What to do instead:", textwrap.indent(
        textwrap.fill(" ".join(rule.remediation.split()), 76), "  ")]
    if rule.references:
        out += ["", "References:"] + [f"  - {ref}" for ref in rule.references]
    return "\n".join(out) + "\n"
