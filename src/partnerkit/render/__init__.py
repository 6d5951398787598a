"""Output formats, looked up by name. Each renders the same sorted list of diagnostics."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from partnerkit.diagnostics import Diagnostic


@dataclass(frozen=True)
class Report:
    """What every format renders: the diagnostics and what was checked."""

    diagnostics: list[Diagnostic]
    partnerships: int
    files: int
    as_of: str


Formatter = Callable[[Report, TextIO, bool], None]
"""(report, stream, colour) -> None"""


def formatter(name: str) -> Formatter:
    if name == "json":
        from partnerkit.render.json_format import render
    else:
        from partnerkit.render.text import render
    return render


FORMATS = ("text", "json")
