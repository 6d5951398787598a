"""A finding before it has a line: what every check produces, located at the very end."""

from __future__ import annotations

from dataclasses import dataclass

from partnerkit.load.yaml12 import Path


@dataclass(frozen=True, slots=True)
class Finding:
    """``file`` is portfolio-relative; ``path`` leads into the file's data (``("kpis", 2,
    "target")``). ``line`` is set only when it is already known (read and syntax problems).
    ``subject`` names what a portfolio-wide finding is about (an id, a handle), so that a
    check of part of the portfolio can keep only the findings it saw whole."""

    code: str
    file: str
    message: str
    hint: str = ""
    path: Path = ()
    line: int = 0
    column: int = 0
    partnership: str = ""
    subject: str = ""
