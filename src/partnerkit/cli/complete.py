"""Shell completion of option values: formats, rules, partnership ids, buckets, git revisions.

Each completer runs only when the shell asks (pressing TAB), so what it needs is imported inside
it and ``partnerkit --version`` stays as light as before. A completer never fails: outside a
portfolio or a repository it offers nothing.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

CONFIG_FILE, PARTNERSHIPS_DIR = "partnerkit.yaml", "partnerships"


def formats(kind: str) -> Callable[[str], list[str]]:
    """The formats a command's results can be written in (``--format``)."""

    def complete(incomplete: str) -> list[str]:
        from partnerkit.render.formats import formats as known

        extra = ("auto",) if kind == "lint" else ()
        return [name for name in (*extra, *known(kind)) if name.startswith(incomplete)]

    return complete


def rules(incomplete: str) -> list[str]:
    """Rule codes and names (``explain``, ``--select``, ``--ignore``); after a comma, the next one."""
    from partnerkit.rules import REGISTRY

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    names = [key for rule in REGISTRY.values() for key in (rule.code, rule.name)]
    return [prefix + name for name in names if name.lower().startswith(last.lower())]


def _root() -> Path | None:
    here = Path.cwd().resolve()
    return next((folder for folder in (here, *here.parents) if (folder / CONFIG_FILE).is_file()), None)


def partnerships(incomplete: str) -> list[str]:
    """The ids of the partnerships in the portfolio around the current folder."""
    root = _root()
    folder = root / PARTNERSHIPS_DIR if root else None
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith(incomplete))


def bucket_conditions(incomplete: str) -> list[str]:
    """``BUCKET=colour`` for ``status --where``, from the portfolio's buckets."""
    root = _root()
    if root is None:
        return []
    from partnerkit.settings import ConfigError, load_config

    try:
        buckets = load_config(root).buckets
    except ConfigError:
        return []
    choices = [f"{b}={c}" for b in buckets for c in ("green", "amber", "red", "none")]
    return [choice for choice in choices if choice.lower().startswith(incomplete.lower())]


def revisions(incomplete: str) -> list[str]:
    """Branches, tags and HEAD~N for ``diff`` and ``--changed-since``, from ``git for-each-ref``."""
    try:
        found = subprocess.run(
            ["git", "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", "refs/tags"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []
    names = ["HEAD", "HEAD~1", *found]
    return [name for name in names if name.startswith(incomplete)]
