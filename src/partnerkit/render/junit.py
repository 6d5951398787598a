"""JUnit XML: the test-report format GitLab, Jenkins, Azure Pipelines and others display.

Each file with findings is a test case with one ``<failure>`` listing its errors and warnings
(several failures in one case are shown only in part, or refused, by common parsers);
info-level findings do not fail it and go to ``<system-out>``. With no findings there is one
passing case, so a clean run shows green instead of "no tests". ``failures`` counts failing
test cases, as JUnit does, so ``tests - failures`` is the number that passed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.render import Report

SUITE = "partnerkit lint"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry at all, not even as character references."""


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 forbids (most C0 controls, lone surrogates,
    U+FFFE/U+FFFF) replaced by U+FFFD; ElementTree escapes the rest but writes these as is."""
    return _NOT_XML.sub("\ufffd", text)


def detail(d: Diagnostic) -> str:
    """One finding as a line, like the text format: ``path:line:col CODE name: message (hint: …)``."""
    where = f"{d.path}:{d.line}:{d.column}" if d.line else d.path
    return f"{where} {d.code} {d.name}: {d.message}" + (f" (hint: {d.hint})" if d.hint else "")


def document(report: Report) -> ET.Element:
    """The ``<testsuites>`` tree for ``report``, one test case per file with findings."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    suites = ET.Element("testsuites", name="partnerkit")
    suite = ET.SubElement(suites, "testsuite", name=SUITE)
    failing = 0
    for path, found in by_path.items():
        case = ET.SubElement(suite, "testcase", classname="partnerkit", name=xml_safe(path))
        failing_here = [d for d in found if d.severity is not Severity.INFO]
        if failing_here:
            first = failing_here[0]
            more = f" (and {len(failing_here) - 1} more)" if len(failing_here) > 1 else ""
            failure = ET.SubElement(
                case, "failure", type=first.code, message=xml_safe(f"{first.code} {first.name}: {first.message}{more}")
            )
            failure.text = "\n".join(xml_safe(detail(d)) for d in failing_here)
        notes = [xml_safe(detail(d)) for d in found if d.severity is Severity.INFO]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
        failing += any(d.severity is not Severity.INFO for d in found)
    if not by_path:
        ET.SubElement(suite, "testcase", classname="partnerkit", name="portfolio")
    tests = max(len(by_path), 1)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failing))
        element.set("errors", "0")
    return suites


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    root = document(report)
    ET.indent(root)
    # Non-ASCII as character references: the bytes are ASCII, hence the declared UTF-8,
    # whatever encoding the stream was opened with.
    body = ET.tostring(root, encoding="us-ascii", xml_declaration=False).decode("ascii")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n")
