"""Turn a file's bytes into text, refusing what no partnership file should contain."""

from __future__ import annotations

import re

from partnerkit.load.problems import ReadProblem

BOM = b"\xef\xbb\xbf"
# C0 controls other than tab, newline and carriage return; DEL; C1 controls.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def decode(data: bytes) -> str | ReadProblem:
    """Decode strict UTF-8 (a leading BOM is dropped) or say where the bad byte is."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data[: error.start].decode("utf-8", "replace"))
        return ReadProblem(
            "unreadable",
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded)",
            line,
            column,
            "save the file as UTF-8 in your editor (File > Save with Encoding > UTF-8)",
        )
    bad = _FORBIDDEN.search(text)
    if bad:
        line, column = _position(text[: bad.start()])
        what = "a NUL byte" if bad.group() == "\x00" else f"control character U+{ord(bad.group()):04X}"
        return ReadProblem(
            "unreadable",
            f"the file contains {what}, which cannot appear in a partnership file",
            line,
            column,
            "delete the invisible character; it often comes from copying text out of another program",
        )
    return text


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1
