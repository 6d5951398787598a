"""`partnerkit new`: ask for (or take) a partnership's identity, write its folder, show the to-do list."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
import typing
from pathlib import Path
from typing import NoReturn, Optional

import typer

from partnerkit.model.config import PortfolioConfig
from partnerkit.model.charter import PartnerKind
from partnerkit.model.common import PARTNERSHIP_TYPES, SLUG_PATTERN, STAGES
from partnerkit.model.portfolio import PARTNERSHIP_FILES, PARTNERSHIPS_DIR

KINDS = typing.get_args(PartnerKind)
REQUIRED = ("name", "partner", "type")
EXAMPLE_VALUES = {"name": "'Acme Cloud integration'", "partner": "'Acme Cloud Inc.'", "type": "technology"}


def create(pid: str, given: dict[str, Optional[str]], templates: Optional[Path], interactive: bool) -> None:
    from partnerkit.settings import ConfigError, find_root, load_config

    root = find_root(Path.cwd())
    if root is None:
        _usage("no partnerkit.yaml here or in any folder above. Run `partnerkit init` first, or cd into your portfolio.")
    try:
        config = load_config(root)
    except ConfigError as error:
        _usage(f"partnerkit.yaml is broken: {error}. Run `partnerkit lint` to see where.")
    _check_id(pid, root)
    handles = handles_of(root)
    values = _complete(pid, given, config.tiers, handles, interactive)
    _check_values(values, config.tiers, handles)
    try:
        files = write_partnership(root, config, values, templates, dt.date.today())
    except OSError as error:
        _usage(str(error))
    typer.echo(f"Created {PARTNERSHIPS_DIR}/{pid}/ ({len(files)} files). What to fill in next:\n")
    _show_todo(root, config, f"{PARTNERSHIPS_DIR}/{pid}")


def write_partnership(root: Path, config: PortfolioConfig, values: dict[str, str], templates: Optional[Path], today: dt.date) -> list[str]:
    """Render and write a new partnership folder (which must not exist); the file names written."""
    from partnerkit.author.scaffold import render_partnership
    from partnerkit.write import write_atomic

    folder = root / PARTNERSHIPS_DIR / values["id"]
    schemas = Path(os.path.relpath(root / "schemas", folder)).as_posix()
    files = render_partnership(values, config, schemas, today, templates)
    folder.mkdir(parents=True)
    for name, text in files.items():
        write_atomic(folder / name, text, within=root)
    return list(files)


def _usage(message: str) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(2)


def _check_id(pid: str, root: Path) -> None:
    if not re.match(SLUG_PATTERN, pid) or len(pid) > 80:
        _usage(f"{pid!r} cannot be a partnership id: use lowercase letters and digits, separated by single hyphens, "
               "dots or underscores (e.g. acme-cloud).")
    if (root / PARTNERSHIPS_DIR / pid).exists():
        _usage(f"{PARTNERSHIPS_DIR}/{pid} already exists; choose another id (nothing was changed).")


def handles_of(root: Path) -> list[str]:
    """The handles in people.yaml ([] when it cannot be read)."""
    from partnerkit.model.config import Limits
    from partnerkit.load.portfolio import Loaded, accept_data, read_and_parse, validate
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.people import People
    from partnerkit.model.portfolio import PEOPLE_FILE, Portfolio

    source = WorkingTree(root)
    loaded = Loaded(Portfolio(PortfolioConfig(), None, []), [], source, Limits().max_file_bytes)
    people = validate(People, accept_data(read_and_parse(source, PEOPLE_FILE, loaded.max_bytes), PEOPLE_FILE, loaded), PEOPLE_FILE, loaded)
    return sorted(people.people) if people else []


def _complete(pid: str, given: dict[str, Optional[str]], tiers: list[str], handles: list[str], interactive: bool) -> dict[str, str]:
    """Fill what was not given: by asking in a terminal, by defaults otherwise; required values
    that are still missing without a terminal are a usage error."""
    defaults = {"kind": "company", "stage": "prospect", "tier": tiers[-1] if tiers else "", "owner": ""}
    missing = [key for key in REQUIRED if not given.get(key)]
    if missing and not interactive:
        example = " ".join(f"--{key} {shlex.quote(given[key]) if given.get(key) else EXAMPLE_VALUES[key]}" for key in REQUIRED)
        types = f"\n    --type is one of: {', '.join(PARTNERSHIP_TYPES)}" if "type" in missing else ""
        _usage(f"missing {', '.join('--' + key for key in missing)} (partnerkit only asks when run in a terminal).{types}\n"
               f"    e.g. partnerkit new {pid} {example}")
    values = {"id": pid}
    questions = {
        "name": ("Name of the partnership", pid.replace("-", " ").title()),
        "partner": ("Partner organisation", None),
        "type": (f"Relationship type ({', '.join(PARTNERSHIP_TYPES)})", None),
        "kind": (f"Partner kind ({', '.join(KINDS)})", "company"),
        "tier": (f"Tier ({', '.join(tiers)})", defaults["tier"]),
        "stage": (f"Stage ({', '.join(STAGES)})", "prospect"),
        "owner": (f"Owner, a handle from people.yaml ({', '.join(handles[:8])}{', ...' if len(handles) > 8 else ''})", ""),
    }
    for key, (question, default) in questions.items():
        value = given.get(key)
        if value is None and interactive:
            value = typer.prompt(question, default=default, show_default=bool(default)) if default is not None else typer.prompt(question)
        values[key] = (value if value is not None else defaults.get(key, "")).strip()
    return values


def _check_values(values: dict[str, str], tiers: list[str], handles: list[str]) -> None:
    allowed = {"type": PARTNERSHIP_TYPES, "kind": KINDS, "stage": STAGES, "tier": tuple(tiers)}
    for key, choices in allowed.items():
        if values[key] not in choices:
            _usage(f"--{key} {values[key]!r} is not one of: {', '.join(choices)}.")
    for key in REQUIRED:
        if not values[key]:
            _usage(f"--{key} must not be empty.")
    if values["owner"] and handles and values["owner"] not in handles:
        _usage(f"--owner {values['owner']!r} is not a handle in people.yaml ({', '.join(handles)}).")


def _show_todo(root: Path, config: PortfolioConfig, folder: str) -> None:
    from partnerkit.lint import lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.render import Report
    from partnerkit.render.text import render

    result = lint(WorkingTree(root), config, dt.date.today())
    todo = [d for d in result.diagnostics if d.path.startswith(folder + "/") or d.path == folder]
    render(Report(todo, 1, len(PARTNERSHIP_FILES), dt.date.today().isoformat()), sys.stdout, "NO_COLOR" not in os.environ and sys.stdout.isatty())
