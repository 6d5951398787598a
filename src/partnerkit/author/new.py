"""A new partnership: what identifies it, whether that is acceptable, and its folder written
from templates. The questions are asked and the answers echoed by the CLI (`partnerkit new`)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import typing
from pathlib import Path

from partnerkit.model.charter import PartnerKind
from partnerkit.model.common import PARTNERSHIP_TYPES, SLUG_PATTERN, STAGES
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.portfolio import PARTNERSHIPS_DIR

KINDS = typing.get_args(PartnerKind)
REQUIRED = ("name", "partner", "type")
EXAMPLE_VALUES = {"name": "'Acme Cloud integration'", "partner": "'Acme Cloud Inc.'", "type": "technology"}


def id_problem(pid: str, root: Path) -> str | None:
    """Why ``pid`` cannot be a new partnership's id, or None."""
    if not re.match(SLUG_PATTERN, pid) or len(pid) > 80:
        return (
            f"{pid!r} cannot be a partnership id: use lowercase letters and digits, separated by single hyphens, "
            "dots or underscores (e.g. acme-cloud)."
        )
    if (root / PARTNERSHIPS_DIR / pid).exists():
        return f"{PARTNERSHIPS_DIR}/{pid} already exists; choose another id (nothing was changed)."
    return None


def handles_of(root: Path) -> list[str]:
    """The handles in people.yaml ([] when it cannot be read)."""
    from partnerkit.load.portfolio import read_one
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.config import Limits
    from partnerkit.model.people import People
    from partnerkit.model.portfolio import PEOPLE_FILE

    people, _ = read_one(WorkingTree(root), PEOPLE_FILE, People, Limits())
    return sorted(people.people) if people else []


def missing_values(pid: str, given: dict[str, str | None]) -> str | None:
    """What a run without a terminal lacks, with the whole command ready to copy; None if nothing."""
    missing = [key for key in REQUIRED if not given.get(key)]
    if not missing:
        return None
    example = " ".join(
        f"--{key} {shlex.quote(given[key] or '') if given.get(key) else EXAMPLE_VALUES[key]}" for key in REQUIRED
    )
    types = f"\n    --type is one of: {', '.join(PARTNERSHIP_TYPES)}" if "type" in missing else ""
    return (
        f"missing {', '.join('--' + key for key in missing)} (partnerkit only asks when run in a terminal).{types}\n"
        f"    e.g. partnerkit new {pid} {example}"
    )


def questions(pid: str, tiers: list[str], handles: list[str]) -> dict[str, tuple[str, str | None]]:
    """Each value's question and its default (None: an answer is required)."""
    more = ", ..." if len(handles) > 8 else ""
    return {
        "name": ("Name of the partnership", pid.replace("-", " ").title()),
        "partner": ("Partner organisation", None),
        "type": (f"Relationship type ({', '.join(PARTNERSHIP_TYPES)})", None),
        "kind": (f"Partner kind ({', '.join(KINDS)})", "company"),
        "tier": (f"Tier ({', '.join(tiers)})", tiers[-1] if tiers else ""),
        "stage": (f"Stage ({', '.join(STAGES)})", "prospect"),
        "owner": (f"Owner, a handle from people.yaml ({', '.join(handles[:8])}{more})", ""),
    }


def defaults(tiers: list[str]) -> dict[str, str]:
    """The values taken when a run without a terminal does not give them."""
    return {"kind": "company", "stage": "prospect", "tier": tiers[-1] if tiers else "", "owner": ""}


def value_problem(values: dict[str, str], tiers: list[str], handles: list[str]) -> str | None:
    """Why the values cannot make a partnership, or None."""
    allowed = {"type": PARTNERSHIP_TYPES, "kind": KINDS, "stage": STAGES, "tier": tuple(tiers)}
    for key, choices in allowed.items():
        if values[key] not in choices:
            return f"--{key} {values[key]!r} is not one of: {', '.join(choices)}."
    for key in REQUIRED:
        if not values[key]:
            return f"--{key} must not be empty."
    if values["owner"] and handles and values["owner"] not in handles:
        return f"--owner {values['owner']!r} is not a handle in people.yaml ({', '.join(handles)})."
    return None


def write_partnership(
    root: Path, config: PortfolioConfig, values: dict[str, str], templates: Path | None, today: dt.date
) -> list[str]:
    """Render and write a new partnership folder (which must not exist); the file names written."""
    from partnerkit.author.scaffold import render_partnership
    from partnerkit.write import refusals, write_atomic

    folder = root / PARTNERSHIPS_DIR / values["id"]
    schemas = Path(os.path.relpath(root / "schemas", folder)).as_posix()
    files = render_partnership(values, config, schemas, today, templates)
    # partnerships/ (or the new folder) could be a link out of the portfolio: check first, create nothing then
    refused = refusals([folder / name for name in files], root)
    if refused:
        raise OSError("; ".join(refused) + " (nothing was written)")
    folder.mkdir(parents=True)
    for name, text in files.items():
        write_atomic(folder / name, text, within=root)
    return list(files)
