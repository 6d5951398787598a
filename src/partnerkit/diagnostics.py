"""The one finding type that every check produces and every output format renders."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
