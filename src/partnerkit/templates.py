"""The Jinja templates that ship with partnerkit, and the one way they are loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment


def templates_dir() -> Path:
    """Inside an installed wheel the templates sit in the package; in a source checkout they are
    the repository's top-level ``templates/``."""
    package = Path(__file__).resolve().parent
    shipped = package / "templates"
    return shipped if shipped.is_dir() else package.parents[1] / "templates"


def environment(
    custom: Path | None = None,
    *,
    autoescape: bool = False,
    finalize: Callable[[Any], Any] | None = None,
    trim: bool = True,
) -> Environment:
    """A Jinja environment over the user's ``--templates`` folder first, then the shipped
    templates. An undefined name is an error, never silent empty text."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = [FileSystemLoader(custom)] if custom else []
    return Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(templates_dir())]),
        autoescape=autoescape,
        finalize=finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
    )
