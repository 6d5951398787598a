"""Every file partnerkit writes lands atomically: the old file stays whole until the new one is complete."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str | bytes, within: Path | None = None) -> None:
    """Write ``content`` (text as UTF-8) to ``path`` through a temporary file in the same folder
    and ``os.replace``, keeping the file's mode. Refuse to write through a symbolic link, or
    outside the folder ``within`` when it is given."""
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link; partnerkit does not write through links")
    if within is not None and not path.parent.resolve().joinpath(path.name).is_relative_to(within.resolve()):
        raise OSError(f"{path} is outside {within}; partnerkit writes only inside the portfolio")
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
