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
    changed_since: str = ""  # the revision, when only what changed since it was checked


Formatter = Callable[[Report, TextIO, bool], None]
"""(report, stream, colour) -> None"""


_MODULES = {
    "text": "partnerkit.render.text",
    "json": "partnerkit.render.json_format",
    "github": "partnerkit.render.github",
    "sarif": "partnerkit.render.sarif",
    "junit": "partnerkit.render.junit",
}
"""Format name -> the module whose ``render`` writes it; imported only when chosen."""

FORMATS = tuple(_MODULES)


def formatter(name: str) -> Formatter:
    from importlib import import_module

    render: Formatter = import_module(_MODULES[name]).render
    return render
