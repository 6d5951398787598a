"""What every check produces and every output format renders: a Finding (a model path in a
file), located at the very end as a Diagnostic (a line in a file).

The loader's own codes live here too: the loader, the linter and the rule catalogue all name them,
and this module sits below all three."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

DataPath = tuple[str | int, ...]
"""A path into a file's data: ``("kpis", 2, "target")``."""

# Findings of the loader and the linter itself, documented in rules/structure.py.
YAML_SYNTAX, INVALID_VALUE, MISSING_FIELD, UNKNOWN_KEY, UNREADABLE, CONFIG_INVALID = (
    "PK001",
    "PK002",
    "PK003",
    "PK004",
    "PK005",
    "PK006",
)
ID_MISMATCH, DUPLICATE_ID, MISSING_FILE, UNKNOWN_FILE, NO_REASON, UNUSED_SUPPRESSION = (
    "PK010",
    "PK011",
    "PK012",
    "PK013",
    "PK014",
    "PK015",
)


class Severity(str, Enum):
    """How bad a finding is; ordered so that ``rank`` compares them."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding before it has a line. ``file`` is portfolio-relative; ``path`` leads into the
    file's data. A rule leaves ``code`` empty (the linter stamps it); ``line`` is set only when it
    is already known (read and syntax problems). ``subject`` names what a portfolio-wide finding is
    about (an id, a handle), so that a check of part of the portfolio can keep only the findings
    it saw whole."""

    code: str
    file: str
    message: str
    hint: str = ""
    path: DataPath = ()
    line: int = 0
    column: int = 0
    partnership: str = ""
    subject: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding at a place in the portfolio.

    ``path`` is portfolio-relative and POSIX; ``line`` and ``column`` are 1-based, 0 when a
    finding concerns a whole file or folder.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    line: int = 0
    column: int = 0
    hint: str = ""
    partnership: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics in the stable order every renderer shows them in."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)
