"""Normalise the layout of a YAML file without changing what it says.

ruamel.yaml's round trip keeps comments, quotes, key order, flow style and blank lines; the
indentation found in the file is kept (and made consistent). What changes: trailing whitespace,
the final newline (exactly one), inconsistent indentation, and spacing inside lines (``key:   x``
becomes ``key: x``). A UTF-8 BOM and CRLF line endings are kept.

Safety first: a file is only formatted if partnerkit's own safe parser reads it, and the result
is only returned if it parses to exactly the same data; otherwise the file is left alone.
"""

from __future__ import annotations

import io
from typing import Any

from partnerkit.author.roundtrip import as_written, open_yaml, round_trip_yaml
from partnerkit.author.roundtrip import tidy as _tidy
from partnerkit.load.problems import ReadProblem
from partnerkit.load.yaml12 import parse


def format_yaml(raw: bytes) -> bytes | ReadProblem:
    """The formatted bytes (identical when nothing needs changing), or why the file is left alone."""
    opened = open_yaml(raw)
    if isinstance(opened, ReadProblem):
        return opened
    body, crlf, meaning = opened
    formatted = _tidy(body, meaning)
    if formatted.strip() and not _comments_only(formatted):
        try:
            formatted = _tidy(_round_trip(formatted), meaning)
        except Exception as error:  # ruamel.yaml refuses a few things libyaml reads; leave those files be
            return ReadProblem(
                "syntax",
                f"cannot be formatted: {str(error).splitlines()[0]}",
                hint="fix the layout of this line by hand",
            )
    if parse(formatted) != meaning:
        return ReadProblem(
            "syntax",
            "formatting would change what the file says, so it is left as it is",
            hint="please report this file to the partnerkit maintainers",
        )
    return as_written(raw, formatted, crlf)


def _round_trip(text: str) -> str:
    yaml = round_trip_yaml(text)
    data: Any = yaml.load(text)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _comments_only(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
