"""Renderers on hand-built results: the same diagnostics, every format."""

from __future__ import annotations

import io
import json

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.render import Report
from partnerkit.render.formats import formats, renderer

DIAGNOSTICS = [
    Diagnostic(
        "PK001",
        "yaml-syntax",
        Severity.ERROR,
        "bad [bold]markup[/bold] stays text",
        "partnerships/a/kpis.yaml",
        3,
        7,
        "fix [it]",
        "a",
    ),
    Diagnostic(
        "PK012",
        "missing-required-file",
        Severity.ERROR,
        "the partnership has no raci.yaml",
        "partnerships/a",
        0,
        0,
        "",
        "a",
    ),
    Diagnostic("PK901", "unused-person", Severity.INFO, "tom is not referred to", "people.yaml", 9, 3, "remove tom"),
]
REPORT = Report(DIAGNOSTICS, partnerships=2, files=11, as_of="2026-11-25")


def rendered(name: str, report: Report = REPORT, colour: bool = False) -> str:
    stream = io.StringIO()
    renderer("lint", name)(report, stream, colour)
    return stream.getvalue()


def test_text_is_one_line_per_finding_with_hint_and_summary() -> None:
    lines = rendered("text").splitlines()
    assert lines[0] == "partnerships/a/kpis.yaml:3:7  PK001 yaml-syntax  bad [bold]markup[/bold] stays text"
    assert lines[1] == "    hint: fix [it]"
    assert lines[2] == "partnerships/a  PK012 missing-required-file  the partnership has no raci.yaml"
    assert lines[-1] == "Found 2 errors, 0 warnings, 1 info in 2 partnerships (11 files) as of 2026-11-25."


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" not in rendered("text")
    coloured = rendered("text", colour=True)
    assert "\x1b[" in coloured and "bad [bold]markup[/bold] stays text" in coloured


def test_text_all_clear() -> None:
    assert (
        rendered("text", Report([], 3, 24, "2026-11-25")).strip()
        == "All clear: no findings in 3 partnerships (24 files) as of 2026-11-25."
    )


def test_json_carries_every_field() -> None:
    document = json.loads(rendered("json"))
    assert document["summary"] == {
        "partnerships": 2,
        "files": 11,
        "changed_since": None,
        "error": 2,
        "warning": 0,
        "info": 1,
    }
    assert document["diagnostics"][2] == {
        "code": "PK901",
        "name": "unused-person",
        "severity": "info",
        "message": "tom is not referred to",
        "path": "people.yaml",
        "line": 9,
        "column": 3,
        "hint": "remove tom",
        "partnership": None,
    }


def test_every_format_renders_every_diagnostic() -> None:
    for name in formats("lint"):
        output = rendered(name)
        assert all(d.path in output and d.code in output for d in DIAGNOSTICS), name
