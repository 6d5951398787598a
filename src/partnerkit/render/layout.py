"""Terminal lines built safely and laid out to the reader's width.

- ``line(...)`` builds a line as a rich ``Text`` from parts, each shown through
  ``terminal_text.visible`` and optionally styled. A ``Text`` is never parsed as markup or
  emoji codes, so ``[red]x[/]`` and ``:thumbs_up:`` print as written, and nothing depends on
  escaping markup correctly (``rich.markup.escape`` doubles a trailing backslash unless a tag
  follows).
- ``width_of(stream)`` is how wide to lay out: ``COLUMNS``, else the terminal's width, else no
  limit (output piped into a file or another program is never wrapped or cut, for ``grep``).
- ``wrapped(line, width)`` wraps a long line at spaces with a hanging indent.
- ``table(columns, width)`` lays out a table whose columns fit, wrapping a column that may wrap
  (an id, a commit subject) when nothing else is left to shorten.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from partnerkit.render.terminal_text import visible

if TYPE_CHECKING:
    from rich.text import Text

Justify = Literal["left", "right", "center"]


def line(*parts: Any, colour: bool = True) -> Text:
    """A line from parts: text, or (text, style). Every part is shown with ``visible`` (one
    line; its own line breaks show as ``\\n``); styles only when ``colour``."""
    from rich.text import Text

    out = Text(end="")
    for part in parts:
        value, style = part if isinstance(part, tuple) else (part, None)
        out.append(visible(value), style if colour and style else None)
    return out


def width_of(stream: Any) -> int | None:
    """The number of columns to lay output out in: ``COLUMNS`` when it is set (as other
    terminal programs read it), else the terminal's width when ``stream`` is one, else None."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, OSError, ValueError):
        pass
    return None


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes (wide characters take two)."""
    from rich.cells import cell_len

    return cell_len(text)


def breaks(text: str, first: int, rest: int, after: str = "") -> list[tuple[int, int]]:
    """(start, end) of each line when ``text`` is wrapped at spaces (or after a character in
    ``after``, such as the ``-`` of an id) into lines of at most ``first`` columns, then
    ``rest`` columns; a word longer than a line is cut where the line ends (folded). The
    spaces at a break are dropped."""
    from rich.cells import get_character_cell_size

    spans: list[tuple[int, int]] = []
    start, limit, n = 0, max(first, 1), len(text)
    while start < n:
        used, end, space = 0, start, -1
        while end < n:
            size = get_character_cell_size(text[end])
            if used + size > limit:
                break
            if text[end] == " ":
                space = end
            elif text[end] in after:
                space = end + 1
            used += size
            end += 1
        if end < n:
            if text[end] == " ":
                space = end
            if space > start:
                end = space
            elif end == start:  # a character wider than the line: a line of its own
                end += 1
        stop = end
        while stop > start and text[stop - 1] == " ":
            stop -= 1
        spans.append((start, stop))
        start = end
        while start < n and text[start] == " ":
            start += 1
        limit = max(rest, 1)
    return spans or [(0, 0)]


def wrapped(text: Text, width: int | None, hanging: int = 4) -> list[Text]:
    """``text`` (one line) as lines of at most ``width`` columns, wrapped at spaces; each line
    after the first is indented as far as the first, plus ``hanging``. Unchanged when it fits
    or when ``width`` is None."""
    plain = text.plain
    if width is None or cells(plain) <= width:
        return [text]
    from rich.text import Text

    indent = len(plain) - len(plain.lstrip(" "))
    extra = min(indent + hanging, max(width - 20, 0))
    body = text[indent:]
    out = []
    for i, (a, b) in enumerate(breaks(body.plain, width - indent, width - extra)):
        piece = Text(" " * (indent if i == 0 else extra), end="")
        piece.append_text(body[a:b])
        out.append(piece)
    return out


def wrap_all(lines: Sequence[Text], width: int | None, hanging: int = 4) -> list[Text]:
    """Each line wrapped to ``width`` (see ``wrapped``)."""
    return [piece for text in lines for piece in wrapped(text, width, hanging)]


def packed(items: Sequence[str], width: int | None, separator: str = "  ", hanging: int = 4) -> list[Text]:
    """Legend items joined by ``separator``, as many on a line as fit ``width``, so that a line
    breaks between items rather than inside one (an item longer than a line is wrapped); lines
    after the first are indented by ``hanging``."""
    from rich.text import Text

    shown = [visible(item) for item in items]
    if width is None:
        return [Text(separator.join(shown))]
    lines: list[str] = []
    for item in shown:
        if lines and cells(lines[-1] + separator + item) <= width:
            lines[-1] += separator + item
        else:
            lines.append((" " * hanging if lines else "") + item)
    return wrap_all([Text(text) for text in lines], width, 0)


def print_lines(console: Any, lines: Sequence[Text]) -> None:
    """Print each line through ``console`` as it is (lay it out first)."""
    for text in lines:
        console.print(text)


def abbreviations(names: Sequence[str]) -> list[str]:
    """Each name's shortest beginning that no other name shares and that does not end in a
    space (Align, Build -> A, B; Support, Sales -> Su, Sa); a name that begins another is kept
    whole."""
    short = []
    for name in names:
        others = [n for n in names if n != name]
        k = next(
            (k for k in range(1, len(name) + 1) if name[k - 1] != " " and not any(o[:k] == name[:k] for o in others)),
            len(name),
        )
        short.append(name[:k])
    return short


@dataclass
class Column:
    """A table column: its header and cells as people wrote them (shown with ``visible``),
    each cell's style in colour, how cells sit, the spaces before the column, and whether a
    cell may wrap over several lines to make the table fit."""

    header: str
    cells: Sequence[str]
    styles: Sequence[str | None] | None = None
    justify: Justify = "left"
    gap: int = 2
    wrap: bool = False
    shown: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.header = visible(self.header)
        self.shown = [visible(c) for c in self.cells]

    def natural(self) -> int:
        return max([cells(self.header), *(cells(c) for c in self.shown)])


def table_width(columns: Sequence[Column]) -> int:
    """The width of ``columns`` laid out at their natural widths."""
    return sum(c.natural() for c in columns) + sum(c.gap for c in columns[1:])


def table(columns: Sequence[Column], colour: bool, width: int | None = None, min_wrap: int = 8) -> list[Text]:
    """The table as lines: a header (bold in colour), then a line per row, or more when a
    wrapping column's cell wraps to make the table fit ``width``. No trailing spaces."""
    widths = [c.natural() for c in columns]
    over = table_width(columns) - width if width is not None else 0
    for i, column in enumerate(columns):
        if over > 0 and column.wrap:
            cut = min(over, max(widths[i] - min_wrap, 0))
            widths[i] -= cut
            over -= cut
    header: list[str | None] = ["bold"] * len(columns)
    rows = [([c.header for c in columns], header)]
    rows += [
        ([c.shown[r] for c in columns], [c.styles[r] if c.styles else None for c in columns])
        for r in range(len(columns[0].cells) if columns else 0)
    ]
    out = []
    for texts, styles in rows:
        pieces = [
            [text[a:b] for a, b in breaks(text, widths[i], widths[i], "-_./")] if c.wrap else [text]
            for i, (c, text) in enumerate(zip(columns, texts, strict=True))
        ]
        for k in range(max(len(p) for p in pieces)):
            shown = [p[k] if k < len(p) else "" for p in pieces]
            out.append(_row(shown, columns, widths, styles if k == 0 else [None] * len(columns), colour))
    return out


def _row(
    texts: list[str], columns: Sequence[Column], widths: list[int], styles: list[str | None], colour: bool
) -> Text:
    from rich.text import Text

    out = Text(end="")
    for i, (text, column) in enumerate(zip(texts, columns, strict=True)):
        room = max(widths[i] - cells(text), 0)
        left = {"left": 0, "right": room, "center": room // 2}[column.justify]
        out.append(" " * ((column.gap if i else 0) + left))
        out.append(text, styles[i] if colour and styles[i] and text else None)
        out.append(" " * (room - left))
    out.rstrip()
    return out
