"""Text people wrote, made safe to reach a terminal.

Any value in a portfolio may hold any character: YAML's double-quoted escapes put ESC into a
risk title (``"\\x1b]8;;https://evil.example\\x1b\\\\link"``), a folder name can hold one, and
so can a git commit's subject or author. Printed as it is, such a character drives the
reader's terminal: an OSC 8 sequence hides a hyperlink, ``ESC [2J`` clears the screen, a
carriage return prints over what came before it, and a bidirectional override reorders what
is shown. Whoever opens a pull request would control the reviewer's terminal.

So every string that did not come from partnerkit itself goes through one function before it
is printed:

- ``visible(text)`` shows each such character as a visible escape: ``\\x1b``, ``\\x07``,
  ``\\x9b``, ``\\r``, ``\\n``, ``\\t``, ``\\u202e``. It covers the C0 controls (tab and line
  feed only where the caller allows them), DEL, the C1 controls (U+0080 to U+009F), the
  bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A to
  U+202E, U+2066 to U+2069), the line and paragraph separators (U+2028, U+2029) and the
  zero-width no-break space (U+FEFF). Everything else, accents, CJK and emoji included, is
  printed as written. Text without any of them is returned unchanged (the same object).
- ``markup(text)`` is ``visible`` and then ``rich.markup.escape``, for strings printed through
  rich: ``[red]x[/]`` prints as written. (rich's console is made with emoji codes and
  highlighting off, in ``console.py``, so ``:thumbs_up:`` prints as written too.)
- ``json_safe(text)`` is for a JSON document: ``json.dump`` escapes C0 controls but writes
  C1 controls and bidirectional overrides as they are; this writes each as ``\\u0085`` (the
  same string to any JSON reader).

Data formats neutralise the same characters as each format allows: CSV export (keeping tabs
and line breaks, which a quoted cell holds), the calendar (ICS) and ``textconv`` through
``visible``; JSON through ``json_safe``; JUnit XML by replacing what XML cannot hold; SARIF as
ASCII-only JSON; the Markdown and HTML outputs drop them (``escaping.clean``).

Rich output is built as ``rich.text.Text`` through ``layout.line``, never as markup, so that
nothing depends on escaping markup right (``rich.markup.escape`` doubles a trailing backslash
unless a tag follows it). ``markup`` is here for code that must build a markup string.
"""

from __future__ import annotations

import re
from typing import Any

UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
"""The characters ``visible`` shows as escapes (a regular-expression class body)."""

_UNSAFE = re.compile(f"[{UNSAFE}]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escaped(ch: str) -> str:
    """One character as Python writes it in a string: ``\\x1b``, ``\\r``, ``\\u202e``."""
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: Any, keep: str = "") -> str:
    """``value`` as text whose control characters, bidirectional controls and line separators
    are shown as escapes (``\\x1b``), except those in ``keep`` (``"\\n"``, ``"\\t"`` or both,
    where the layout allows them). One line unless ``keep`` holds a line feed."""
    text = value if isinstance(value, str) else str(value)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else escaped(m.group()), text)


def markup(value: Any, keep: str = "") -> str:
    """``visible(value)`` escaped for rich markup, so that it prints exactly as written."""
    from rich.markup import escape

    return escape(visible(value, keep))


def json_safe(text: str) -> str:
    """A JSON document's text with the C1 controls, bidirectional controls and separators that
    ``json.dump(..., ensure_ascii=False)`` leaves raw written as ``\\uXXXX`` escapes. These
    characters can only occur inside JSON strings, where the escape means the same character."""
    if not _UNSAFE_IN_JSON.search(text):
        return text
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
