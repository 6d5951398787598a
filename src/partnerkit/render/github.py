"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

GitHub reads ``::error file=…,line=…::message`` lines from a step's log. Its parser splits
properties on ``,`` and ``::``/``:``, and ends a command at a line break, so every value is
percent-escaped exactly as GitHub's own toolkit (``@actions/core``) does it: a hostile path
or message cannot end the command early or inject another one. Before that, every value is
shown through ``terminal_text.visible``: GitHub's log viewer acts on ANSI escapes, so an ESC in
a folder name or a title is written as ``\\x1b`` (line breaks in a message are percent-escaped
below, and GitHub shows them as line breaks in the annotation).
"""

from __future__ import annotations

from typing import TextIO

from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.render import Report
from partnerkit.render.terminal_text import visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (everything after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, which also may not contain ``:`` or ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    """The one workflow command for ``d``; line and column only when known (not 0)."""
    properties = [("file", visible(d.path))]
    if d.line > 0:
        properties.append(("line", str(d.line)))
        if d.column > 0:
            properties.append(("col", str(d.column)))
    properties.append(("title", visible(f"{d.code} {d.name}")))
    message = f"{d.message}\nhint: {d.hint}" if d.hint else d.message
    message = visible(message, keep="\r\n")  # line breaks are escaped below, as GitHub reads them
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMAND[d.severity]} {listed}::{escape_data(message)}"


def summary(report: Report) -> str:
    """A plain closing line, so the log says what was checked even when nothing was found."""
    counts = {s: sum(1 for d in report.diagnostics if d.severity is s) for s in Severity}
    errors, warnings, infos = counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    return (
        f"partnerkit: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}, "
        f"{infos} info in {report.partnerships} partnership{'s' if report.partnerships != 1 else ''}"
    )


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    for d in report.diagnostics:
        stream.write(command(d) + "\n")
    stream.write(summary(report) + "\n")
