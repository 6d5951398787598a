"""Every file partnerkit writes lands atomically: the old file stays whole until the new one is complete."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


def refusal(path: Path, within: Path) -> str | None:
    """Why partnerkit will not write ``path``, or None. It must lie inside the folder ``within``
    (as written: no ``..``); neither it nor any folder between ``within`` and it may be a
    symbolic link; what exists of those folders must be folders, and the path no folder."""
    try:
        parts = path.relative_to(within).parts
    except ValueError:
        parts = ("..",)
    if ".." in parts or not parts:
        return f"{path} is outside {within}; partnerkit writes only inside the portfolio"
    if os.path.lexists(within) and not within.is_dir():
        return f"{within} is not a folder"
    current = within
    for depth, part in enumerate(parts, 1):
        current = current / part
        if current.is_symlink():
            return f"{current} is a symbolic link; partnerkit does not write through links"
        if not current.exists():
            return None  # nor does anything below it
        if depth < len(parts) and not current.is_dir():
            return f"{current} is not a folder, so nothing can be written inside it"
        if depth == len(parts) and current.is_dir():
            return f"{current} is a folder, not a file"
    return None


def refusals(paths: Iterable[Path], within: Path) -> list[str]:
    """Why each of ``paths`` cannot be written (see ``refusal``), each reason once: checked all
    before anything is written, so that a refused write leaves nothing behind."""
    found = (refusal(path, within) for path in paths)
    return list(dict.fromkeys(reason for reason in found if reason))


def write_atomic(path: Path, content: str | bytes, within: Path | None = None) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` through a temporary file in the same folder
    and ``os.replace``, keeping the file's mode. Refuse to write through a symbolic link, or
    outside the folder ``within`` when it is given (nor through a linked folder inside it)."""
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link; partnerkit does not write through links")
    if within is not None:
        reason = refusal(path, within)
        if reason is None and not path.parent.resolve().joinpath(path.name).is_relative_to(within.resolve()):
            reason = f"{path} is outside {within}; partnerkit writes only inside the portfolio"
        if reason:
            raise OSError(reason)
    data = content.encode("utf-8") if isinstance(content, str) else content
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
