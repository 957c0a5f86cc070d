"""JUnit XML for CI systems that read nothing else.

One test case per finding, grouped in one suite per file: block and warn findings are
failures (``type`` says which), info findings pass with their message as output, waived
findings are skipped, and a rule that crashed is an error. The exit code, not these counts,
is the gate: with ``--fail-on block`` a warn failure here does not fail the job.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reviewer.analyzers.findings import Finding
from reviewer.diff.model import Side
from reviewer.render import RenderOptions
from reviewer.render.grouping import change_text
from reviewer.report import Report
from reviewer.severity import Severity

# XML 1.0 cannot carry most control characters, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def render(report: Report, options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="reviewer")
    groups: dict[str, list[Finding]] = {}
    for f in sorted(report.findings, key=lambda f: (f.path, f.line, f.rule_id)):
        groups.setdefault(f.path, []).append(f)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if report.coverage.errors:
        suite = _suite(root, "reviewer")
        for error in report.coverage.errors:
            case = ET.SubElement(suite, "testcase", classname="reviewer", name="analysis")
            ET.SubElement(case, "error", type="analysis-incomplete", message=_text(error))
        _count(suite, totals)
    for path, findings in groups.items():
        suite = _suite(root, path)
        for f in findings:
            _case(suite, f)
        _count(suite, totals)
    if not groups and not report.coverage.errors:
        suite = _suite(root, "reviewer")
        ET.SubElement(suite, "testcase", classname="reviewer",
                      name=f"no findings ({report.coverage.analyzed} files analyzed)")
        _count(suite, totals)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=_text(name))


def _case(suite: ET.Element, f: Finding) -> None:
    side = " (deleted line)" if f.side is Side.OLD else ""
    case = ET.SubElement(suite, "testcase", classname=_text(f.path),
                         name=_text(f"{f.rule_id} at line {f.line}{side}"),
                         file=_text(f.path), line=str(f.line))
    title = f.title or f.rule_id
    details = "\n".join(part for part in (
        f"{f.path}:{f.line}{side}", f.message, change_text(f) or f.evidence,
        f"category: {f.category}; scope: {f.scope}", f.remediation.strip()) if part)
    if f.waived:
        ET.SubElement(case, "skipped", message=_text(f"waived: {title}"))
    elif f.severity is Severity.INFO:
        ET.SubElement(case, "system-out").text = _text(details)
    else:
        failure = ET.SubElement(case, "failure", type=f.severity.value,
                                message=_text(f"{title}: {f.message}"))
        failure.text = _text(details)


def _count(suite: ET.Element, totals: dict[str, int]) -> None:
    cases = suite.findall("testcase")
    counts = {"tests": len(cases),
              "failures": sum(1 for c in cases if c.find("failure") is not None),
              "errors": sum(1 for c in cases if c.find("error") is not None),
              "skipped": sum(1 for c in cases if c.find("skipped") is not None)}
    for key, value in counts.items():
        suite.set(key, str(value))
        totals[key] += value
