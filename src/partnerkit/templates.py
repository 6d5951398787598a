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
        bytecode_cache=_compiled_templates(f"{autoescape:d}{trim:d}{finalize is not None:d}"),
        autoescape=autoescape,
        finalize=finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=trim,
        lstrip_blocks=trim,
    )


def _compiled_templates(settings: str) -> Any:
    """Jinja's cache of compiled templates (compiling the report's templates takes longer than
    rendering a small portfolio), keyed by each template's name and text, and here by the
    ``settings`` that change what it compiles to (autoescaping, trimming, a finalize step). The
    folder is the user's own under the temporary directory, which Jinja refuses (and nothing is
    cached) unless only the user can write to it; Jinja writes each entry atomically."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache(pattern=f"__partnerkit_{settings}_%s.cache")
    except (RuntimeError, OSError):
        return None
