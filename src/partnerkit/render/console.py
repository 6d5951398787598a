"""The one way partnerkit writes to a terminal through rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def console(stream: TextIO | None, colour: bool, width: int | None = None) -> Console:
    """A rich Console on ``stream`` (None: standard output). Colour only when asked for (a
    terminal, no NO_COLOR); never emoji codes (``:100:`` in ``charter.yaml:100:5``) or automatic
    highlighting. Renderers print rich ``Text`` lines built with ``layout.line``, which shows
    every part through ``terminal_text.visible`` and is never parsed as markup; they lay out
    to a width themselves (``layout.width_of``). Lines are never wrapped unless ``width`` is given."""
    from rich.console import Console

    return Console(
        file=stream,
        no_color=not colour,
        highlight=False,
        emoji=False,
        soft_wrap=True,
        width=width,
        force_terminal=colour or None,
        color_system="auto" if colour else None,
    )
