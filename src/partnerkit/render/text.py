"""Terminal output: one finding a line, its hint below, a summary at the end.

Paths, messages and hints can hold what people wrote (a folder name, a title), so each is
shown through ``terminal_text.visible``: a folder named ``new\\nline`` stays on its finding's
line as ``new\\nline``, and an ESC in it cannot colour, link or clear anything."""

from __future__ import annotations

from typing import TextIO

from partnerkit.diagnostics import Severity
from partnerkit.render import Report
from partnerkit.render.console import console as terminal
from partnerkit.render.layout import line

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    console = terminal(stream, colour)
    for d in report.diagnostics:
        where = f"{d.path}:{d.line}:{d.column}" if d.line else d.path
        console.print(
            line(
                (where, "bold"),
                "  ",
                (d.code, _STYLE[d.severity]),
                " ",
                (d.name, "dim"),
                "  ",
                d.message,
                colour=colour,
            )
        )
        if d.hint:
            console.print(line("    ", ("hint:", "green"), " ", d.hint, colour=colour))
    if not report.as_of:
        return  # nothing was checked (a broken partnerkit.yaml): the findings say it all
    counts = {s: sum(1 for d in report.diagnostics if d.severity is s) for s in Severity}
    changed = f" changed since {report.changed_since}" if report.changed_since else ""
    checked = (
        f"{report.partnerships} partnership{'s' if report.partnerships != 1 else ''}{changed} "
        f"({report.files} file{'s' if report.files != 1 else ''}) as of {report.as_of}"
    )
    if not report.diagnostics:
        console.print(line(("All clear:", "green"), f" no findings in {checked}.", colour=colour))
        return
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    console.print()
    console.print(line(f"Found {', '.join(parts)} in {checked}.", colour=colour))
