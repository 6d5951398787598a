"""Renderers: every command's results as text, data or markup. ``formats`` says which exist;
the lint formats all render the same :class:`Report`."""

from __future__ import annotations

from dataclasses import dataclass

from partnerkit.diagnostics import Diagnostic


@dataclass(frozen=True)
class Report:
    """What every format renders: the diagnostics and what was checked."""

    diagnostics: list[Diagnostic]
    partnerships: int
    files: int
    as_of: str  # '' when nothing could be checked (a broken partnerkit.yaml)
    changed_since: str = ""  # the revision, when only what changed since it was checked
