"""A lint result cache: a re-run over unchanged files answers without parsing anything.

The key is a hash of everything the result depends on: every portfolio file's path, size,
modification time and inode, the options of the run, and partnerkit's own version and code.
Any change to any of them is a miss. The cache lives in ``.partnerkit-cache/`` at the
portfolio root, ignored by git; it is only an accelerator, so any failure to read or write it
is silently a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path

from partnerkit import __version__
from partnerkit.diagnostics import Diagnostic, Severity
from partnerkit.load.source import WorkingTree

CACHE_DIR = ".partnerkit-cache"
PACKAGE = Path(__file__).resolve().parents[1]
"""partnerkit's own code: the whole package, whichever of its modules changed."""
_FILE = "lint.json"


def cache_key(root: Path, options: str) -> str:
    digest = hashlib.blake2b(f"{__version__}\0{options}".encode(), digest_size=20)
    code = sorted(str(path) for path in PACKAGE.rglob("*.py"))
    files = [f"{root}/{name}" for name in ("partnerkit.yaml", *WorkingTree(root).files())]
    signature = []
    for path in (*code, *files):
        try:
            info = os.lstat(path)
            signature.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\0{info.st_mode}")
        except OSError:
            signature.append(f"{path}\0missing")
    digest.update("\n".join(signature).encode())
    return digest.hexdigest()


def load(root: Path, key: str) -> tuple[list[Diagnostic], int, int] | None:
    """(diagnostics, partnerships, files) stored under ``key``, or None."""
    try:
        stored = json.loads((root / CACHE_DIR / _FILE).read_text(encoding="utf-8"))
        if stored["key"] != key:
            return None
        diagnostics = [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in stored["diagnostics"]]
        return diagnostics, stored["partnerships"], stored["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(root: Path, key: str, diagnostics: list[Diagnostic], partnerships: int, files: int) -> None:
    from partnerkit.write import write_atomic

    folder = root / CACHE_DIR
    document = {
        "key": key,
        "partnerships": partnerships,
        "files": files,
        "diagnostics": [{**asdict(d), "severity": d.severity.value} for d in diagnostics],
    }
    try:
        folder.mkdir(exist_ok=True)
        if not (folder / ".gitignore").exists():
            write_atomic(folder / ".gitignore", "# Created by partnerkit: a cache, safe to delete.\n*\n")
        write_atomic(folder / _FILE, json.dumps(document))
    except OSError:
        pass
