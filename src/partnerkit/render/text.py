"""Terminal output: one finding a line, its hint below, a summary at the end."""

from __future__ import annotations

from typing import TextIO

from partnerkit.diagnostics import Severity
from partnerkit.render import Report
from partnerkit.render.console import console as terminal

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(report: Report, stream: TextIO, colour: bool = False) -> None:
    from rich.markup import escape

    console = terminal(stream, colour)
    for d in report.diagnostics:
        where = f"{d.path}:{d.line}:{d.column}" if d.line else d.path
        style = _STYLE[d.severity]
        console.print(f"[bold]{escape(where)}[/]  [{style}]{d.code}[/] [dim]{d.name}[/]  {escape(d.message)}")
        if d.hint:
            console.print(f"    [green]hint:[/] {escape(d.hint)}")
    counts = {s: sum(1 for d in report.diagnostics if d.severity is s) for s in Severity}
    changed = f" changed since {report.changed_since}" if report.changed_since else ""
    checked = (
        f"{report.partnerships} partnership{'s' if report.partnerships != 1 else ''}{changed} "
        f"({report.files} file{'s' if report.files != 1 else ''}) as of {report.as_of}"
    )
    if not report.diagnostics:
        console.print(f"[green]All clear:[/] no findings in {checked}.")
        return
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    console.print(f"\nFound {', '.join(parts)} in {checked}.")
