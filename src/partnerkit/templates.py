"""Files that ship with partnerkit: the Jinja templates."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """Inside an installed wheel the templates sit in the package; in a source checkout they are
    the repository's top-level ``templates/``."""
    package = Path(__file__).resolve().parent
    shipped = package / "templates"
    return shipped if shipped.is_dir() else package.parents[1] / "templates"
