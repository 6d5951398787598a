"""Escaping of user-written text for the Markdown and HTML outputs, kept apart so every output
that shows such text (the executive report, the pull-request diff comment) escapes it the same way.

- ``clean`` drops control characters and bidirectional overrides (line breaks and tabs stay).
- ``safe_url`` lets through only http, https and mailto URLs; anything else (``javascript:``,
  ``data:``, relative paths) is for showing as text, never as a link. ``md_url`` makes one safe
  as a Markdown link destination.
- ``md_escape`` turns line breaks into spaces (so a value cannot end a table row), escapes
  Markdown punctuation and ``|``, writes ``< > &`` as entities, and (through ``unlink``) puts a
  zero-width space (``&#8203;``) where GitHub would otherwise make a link: after every ``@``
  (mentions, emails), between ``#`` and a digit (issue references), inside ``://`` and after
  ``www``. Backslash escapes alone do not stop GitHub's mentions and issue references, which
  are found in the text after Markdown is parsed.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from markupsafe import Markup

_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]")
_SPACES = re.compile(" {2,}")
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]{}()!|~$])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_BLOCK_START = re.compile(r"^( ?)([-+=#])|^( ?\d+)\.(?= |$)")
_LINKABLE = re.compile(r"@|#(?=\d)|:(?=//)|(?i:www)(?=\.)|(?i:gh)-(?=\d)")
ZERO_WIDTH_SPACE = "&#8203;"


def unlink(text: str) -> str:
    """A zero-width space wherever GitHub would make a mention, issue reference or link."""
    return _LINKABLE.sub(lambda m: m.group() + ZERO_WIDTH_SPACE, text)


def clean(text: str) -> str:
    """Text without control characters or bidirectional overrides (line breaks and tabs stay)."""
    return _INVISIBLE.sub("", text)


def md_escape(value: Any) -> Markup:
    """Any value as inline Markdown text that renders as exactly that text, on one line, and
    cannot break a table, start a block, or become a link, mention or issue reference."""
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", _BREAKS.sub(" ", clean(str(value))))
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2) else m.group(3) + "\\.", text)
    return Markup(unlink(text))


def safe_url(value: Any) -> str:
    """The URL when it is an absolute http(s) URL with a host, or a mailto: address; else ''."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or any(ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in url) or _INVISIBLE.search(url):
        return ""
    scheme, colon, rest = url.partition(":")
    if not colon:
        return ""
    scheme = scheme.lower()
    if scheme in ("http", "https"):
        try:
            parts = urllib.parse.urlsplit(url)
        except ValueError:
            return ""
        return url if rest.startswith("//") and parts.hostname else ""
    if scheme == "mailto":
        return url if len(rest) > 0 and "@" in rest else ""
    return ""


def md_url(value: Any) -> Markup:
    """A safe URL for a Markdown link destination: only characters that cannot end the link,
    the table cell or the line; '' when the URL may not be a link."""
    url = safe_url(value)
    return Markup(urllib.parse.quote(url, safe="-._~:/?#@!$&*+,;=%")) if url else Markup("")
