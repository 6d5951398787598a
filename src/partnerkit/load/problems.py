"""What the reader reports when a file cannot be turned into data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """A file that could not be read or parsed, at a 1-based line and column (0 if unknown).

    ``kind`` is ``"unreadable"`` (bytes or encoding) or ``"syntax"`` (YAML).
    """

    kind: str
    message: str
    line: int = 0
    column: int = 0
    hint: str = ""
