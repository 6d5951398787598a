"""JSON: a stable, documented shape for scripts and other tools (``schema_version`` 1)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from partnerkit import __version__
from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.render import Report
from partnerkit.render.terminal_text import json_safe

SCHEMA_VERSION = 1


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "partnerkit", "version": __version__},
        "as_of": report.as_of,
        "summary": {
            "partnerships": report.partnerships,
            "files": report.files,
            "changed_since": report.changed_since or None,
            **{
                s.value: sum(1 for d in report.diagnostics if d.severity is s)
                for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            },
        },
        "diagnostics": [as_json(d) for d in report.diagnostics],
    }
    stream.write(json_safe(json.dumps(document, indent=2, ensure_ascii=False)))
    stream.write("\n")


def as_json(d: Diagnostic) -> dict[str, Any]:
    """One finding in every JSON output's shape."""
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "hint": d.hint,
        "partnership": d.partnership or None,
    }
