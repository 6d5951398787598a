"""Where a portfolio's bytes come from. The working tree is one Source; a git revision is
another (history), so everything after reading is the same for both.

A source may also offer ``blob_id(path)``, the content id of a file (git's), under which
whatever the file gives is remembered across revisions (see partnerkit.load.memo), and
``prefetch(paths, max_bytes)``, to read them all at once before the parser forks."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Protocol

from partnerkit.load.problems import ReadProblem


class Source(Protocol):
    def files(self) -> list[str]:
        """Portfolio-relative POSIX paths of every file and symlink under ``partnerships/``,
        plus the top-level files."""

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        """The file's bytes, or why they cannot be read."""

    def is_link(self, path: str) -> bool:
        """Whether the path is a symbolic link (which is never followed)."""


class WorkingTree:
    """A portfolio folder on disk. Never follows symlinks and never reads special files.

    ``only`` narrows it to some entries of ``partnerships/`` (partnership folders or stray
    files, as portfolio-relative paths), as if the others were not there."""

    def __init__(self, root: Path, only: set[str] | None = None) -> None:
        self.root, self.only = root, only

    def files(self) -> list[str]:
        found = [name for name in ("partnerkit.yaml", "people.yaml") if os.path.lexists(self.root / name)]
        if self.only is None:  # a linked partnerships/ is not walked into (the loader refuses it)
            return found + ([] if os.path.islink(self.root / "partnerships") else self._walk("partnerships"))
        for entry in sorted(self.only):
            if os.path.isdir(self.root / entry) and not os.path.islink(self.root / entry):
                found.extend(self._walk(entry))
            elif os.path.lexists(self.root / entry):
                found.append(entry)
        return found

    def _walk(self, top: str) -> list[str]:
        found: list[str] = []
        for folder, dirs, names in os.walk(self.root / top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            relative = Path(folder).relative_to(self.root).as_posix()
            found.extend(f"{relative}/{name}" for name in names if not name.startswith("."))
            # A symlinked folder is not walked into, but it is reported.
            found.extend(f"{relative}/{d}" for d in dirs if os.path.islink(os.path.join(folder, d)))
        return found

    def is_link(self, path: str) -> bool:
        return os.path.islink(self.root / path)

    def is_folder(self, path: str) -> bool:
        """Whether the path is a folder (not a link to one): an empty one is in no listing."""
        return os.path.isdir(self.root / path) and not os.path.islink(self.root / path)

    def read(self, path: str, max_bytes: int) -> bytes | ReadProblem:
        # O_NOFOLLOW refuses a link; O_NONBLOCK keeps a named pipe from hanging the open.
        try:
            fd = os.open(f"{self.root}/{path}", os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except OSError as error:
            if error.errno == errno.ELOOP or os.path.islink(self.root / path):
                return ReadProblem(
                    "unreadable",
                    "this is a symbolic link; partnerkit does not follow links",
                    hint="replace the link with the file itself",
                )
            return ReadProblem("unreadable", f"cannot read the file: {error.strerror or error}")
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return ReadProblem(
                    "unreadable", "this is not a regular file", hint="partnership files must be plain text files"
                )
            data = _read_up_to(fd, max_bytes + 1) if info.st_size <= max_bytes else b""
            if info.st_size > max_bytes or len(data) > max_bytes:
                return ReadProblem(
                    "unreadable",
                    f"the file is {max(info.st_size, len(data)):,} bytes, over the {max_bytes:,}-byte limit",
                    hint="split it up, or raise limits.max_file_bytes in partnerkit.yaml",
                )
            return data
        except OSError as error:
            return ReadProblem("unreadable", f"cannot read the file: {error.strerror or error}")
        finally:
            os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _read_up_to(fd: int, limit: int) -> bytes:
    chunks = []
    size = 0
    while size < limit:
        chunk = os.read(fd, limit - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
