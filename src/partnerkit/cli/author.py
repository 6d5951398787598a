"""Writing a portfolio: `init`, `new`, `fmt` and the editor schemas (`schema`)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from partnerkit import __version__
from partnerkit.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    app,
    fail,
    in_scope,
    interactive,
    locate_portfolio,
    use_colour,
    write_file,
)

if TYPE_CHECKING:
    from partnerkit.model.config import PortfolioConfig


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Where to create the portfolio (created if missing)."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
    install_spec: str | None = typer.Option(
        None,
        "--install-spec",
        metavar="SPEC",
        help="What the CI workflow pip-installs, e.g. 'partnerkit @ git+https://github.com/OWNER/partnerkit@v0.1.0'. "
        "Default: where this partnerkit was installed from, if a git URL or a path; else the published release.",
    ),
) -> None:
    """Create a portfolio repository: settings, people, schemas, pre-commit hooks and a CI workflow.

    Example: partnerkit init my-portfolio
    """
    from partnerkit.author import scaffold
    from partnerkit.write import refusals

    if install_spec is not None and scaffold.spec_problem(install_spec):
        fail([], f"Error: {scaffold.spec_problem(install_spec)}. Nothing was written.")
    install = (
        (install_spec.strip(), "the spec given to `partnerkit init --install-spec`")
        if install_spec is not None
        else scaffold.install_spec(__version__)
    )
    files = scaffold.render_init(__version__, install)
    existing = sorted(path for path in files if (folder / path).exists() or (folder / path).is_symlink())
    if existing and not force:
        fail(
            [],
            f"Error: {folder} already has {', '.join(existing)}.\nNothing was written. Use --force to overwrite them.",
        )
    # Every target, and every folder on the way to it, is checked before anything is written.
    refused = refusals([folder / path for path in files] + [folder / "partnerships" / ".keep"], folder)
    if refused:
        fail([], "Error: " + "\n       ".join(refused) + "\nNothing was written.")
    for path, text in files.items():
        write_file(folder / path, text, within=folder)
    (folder / "partnerships").mkdir(exist_ok=True)
    typer.echo(
        f"Created a portfolio in {folder} ({len(files)} files).\n"
        f"Next: add your team to {folder / 'people.yaml'}, then `partnerkit new <id>` for each partnership."
    )


@app.command()
def new(
    partnership_id: str = typer.Argument(
        ..., metavar="ID", help="The new partnership's id, e.g. acme-cloud: lowercase letters, digits and hyphens."
    ),
    name: str | None = typer.Option(None, help="A readable name, e.g. 'Acme Cloud integration'."),
    partner: str | None = typer.Option(None, help="The partner organisation's name."),
    kind: str | None = typer.Option(
        None,
        help="The partner's kind: company, startup, university, nonprofit, government, association, agency, other.",
    ),
    type_: str | None = typer.Option(
        None, "--type", help="The relationship: technology, reseller, system-integrator, co-marketing, ..."
    ),
    tier: str | None = typer.Option(None, help="One of the portfolio's tiers."),
    owner: str | None = typer.Option(None, help="The partner manager's handle from people.yaml."),
    stage: str | None = typer.Option(
        None, help="prospect, due-diligence, negotiation, onboarding, active, renewal, exiting or ended."
    ),
    templates: Path | None = typer.Option(
        None, "--templates", help="A folder with your own new/<file>.yaml.j2 templates."
    ),
) -> None:
    """Create partnerships/ID from templates, then show what to fill in next.

    Example: partnerkit new acme-cloud --name "Acme Cloud integration" --partner "Acme Cloud Inc." --type technology
    """
    _create(
        partnership_id,
        {"name": name, "partner": partner, "kind": kind, "type": type_, "tier": tier, "owner": owner, "stage": stage},
        templates,
    )


def _create(pid: str, given: dict[str, str | None], templates: Path | None) -> None:
    """Ask for (or take) the new partnership's identity, write its folder, show the to-do list."""
    from partnerkit.author import new
    from partnerkit.model.portfolio import PARTNERSHIPS_DIR
    from partnerkit.settings import ConfigError, find_root, load_config

    root = find_root(Path.cwd())
    if root is None:
        fail(
            [],
            "Error: no partnerkit.yaml here or in any folder above. "
            "Run `partnerkit init` first, or cd into your portfolio.",
        )
    try:
        config = load_config(root)
    except ConfigError as error:
        fail([], f"Error: partnerkit.yaml is broken: {error}. Run `partnerkit lint` to see where.")
    asking = interactive()
    handles = new.handles_of(root)
    problem = new.id_problem(pid, root) or (None if asking else new.missing_values(pid, given))
    if problem:
        fail([], f"Error: {problem}")
    values, taken = {"id": pid}, new.defaults(config.tiers)
    for key, (question, default) in new.questions(pid, config.tiers, handles).items():
        value = given.get(key)
        if value is None and asking:
            value = (
                typer.prompt(question, default=default, show_default=bool(default))
                if default is not None
                else typer.prompt(question)
            )
        values[key] = (value if value is not None else taken.get(key, "")).strip()
    problem = new.value_problem(values, config.tiers, handles)
    if problem:
        fail([], f"Error: {problem}")
    today = dt.date.today()
    try:
        files = new.write_partnership(root, config, values, templates, today)
    except OSError as error:
        fail([], f"Error: {error}")
    folder = f"{PARTNERSHIPS_DIR}/{pid}"
    typer.echo(f"Created {folder}/ ({len(files)} files). What to fill in next:\n")
    _show_todo(root, config, folder, today)


def _show_todo(root: Path, config: PortfolioConfig, folder: str, today: dt.date) -> None:
    from partnerkit.lint import lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.portfolio import PARTNERSHIP_FILES
    from partnerkit.render import Report
    from partnerkit.render.text import render

    result = lint(WorkingTree(root), config, today)
    todo = [d for d in result.diagnostics if in_scope(d.path, [folder])]
    render(Report(todo, 1, len(PARTNERSHIP_FILES), today.isoformat()), sys.stdout, use_colour(sys.stdout))


@app.command()
def fmt(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root, partnership folders or files. Default: the whole portfolio."
    ),
    check: bool = typer.Option(
        False, "--check", help="Change nothing; list the files that would change, with a diff, and exit 1 if any."
    ),
    rename_bucket: list[str] = typer.Option(
        [],
        "--rename-bucket",
        metavar="OLD=NEW",
        help="Rename a bucket everywhere: partnerkit.yaml (buckets, rule options) and every partnership "
        "(ratings, KPIs, activities, actions, objectives). Repeatable.",
    ),
) -> None:
    """Tidy the layout of the portfolio's YAML, keeping every comment, quote and key order; rename buckets.

    Example: partnerkit fmt --check
    """
    import difflib

    from partnerkit.author.fmt import format_yaml
    from partnerkit.load.problems import ReadProblem
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.portfolio import CONFIG_FILE, PEOPLE_FILE, is_partnership_file

    root, scope = locate_portfolio(paths or [])
    source = WorkingTree(root)
    files = sorted(
        p for p in source.files() if (p in (CONFIG_FILE, PEOPLE_FILE) or is_partnership_file(p)) and in_scope(p, scope)
    )
    max_bytes = _max_bytes(root)
    renamed = _rename_buckets(rename_bucket, scope, {p: source.read(p, max_bytes) for p in files}, check)
    changed, broken = [], len(renamed.problems) if renamed else 0
    for path in files:
        raw = source.read(path, max_bytes)
        edited = renamed.content(path, raw) if renamed else raw
        result = edited if isinstance(edited, ReadProblem) else format_yaml(edited)
        if isinstance(result, ReadProblem):
            broken += 1
            where = f"{path}:{result.line}:{result.column}" if result.line else path
            typer.echo(f"{where}  left unformatted: {result.message}", err=True)
            continue
        if result == raw:
            continue
        changed.append(path)
        if check and result == edited and renamed and renamed.changes(path):
            continue  # the renaming is all that changes, and it was said above
        if check:
            old, new = (b.decode("utf-8-sig").splitlines(keepends=True) for b in (raw, result))  # type: ignore[union-attr]
            diff = list(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", n=1))
            typer.echo(
                "".join(diff[:40]) + (f"... ({len(diff) - 40} more diff lines)\n" if len(diff) > 40 else ""), nl=False
            )
        else:
            write_file(root / path, result, within=root)
            if not (renamed and renamed.changes(path)):
                typer.echo(f"formatted {path}")
    verb = ("would change" if check else "changed") if renamed else "would reformat" if check else "reformatted"
    typer.echo(
        f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, "
        f"{len(files) - len(changed) - broken} already tidy"
        + (f", {broken} left unformatted (see above)" if broken else "")
        + "."
    )
    raise typer.Exit(EXIT_FINDINGS if broken or (check and changed) else EXIT_CLEAN)


def _rename_buckets(pairs: list[str], scope: list[str], files: dict, check: bool) -> Any:
    """For `fmt --rename-bucket`: the renaming (None without renames), what it changes printed."""
    from partnerkit.author.rename import RenameError, parse_renames, rename_buckets

    if not pairs:
        return None
    if scope:
        fail([], "Error: --rename-bucket renames across the whole portfolio; give no PATH (or the portfolio's folder).")
    readable = {path: raw for path, raw in files.items() if isinstance(raw, bytes)}
    try:
        names = parse_renames(pairs)
        renaming = rename_buckets(readable, names)
    except RenameError as error:
        fail([], f"Error: --rename-bucket: {error}. Nothing was changed.")
    for problem in renaming.problems:
        typer.echo(problem, err=True)
    for done in renaming.files:
        typer.echo(f"{'would rename' if check else 'renamed'} in {done.path}: {'; '.join(done.what)}")
    arrows = ", ".join(f"{old} -> {new}" for old, new in names.items())
    count = len(renaming.files)
    typer.echo(f"{'Would rename' if check else 'Renamed'} {arrows} in {count} file{'s' if count != 1 else ''}.")
    return renaming


def _max_bytes(root: Path) -> int:
    """The portfolio's file size limit, or the default when partnerkit.yaml cannot say."""
    from partnerkit.model.config import Limits
    from partnerkit.settings import ConfigError, load_config

    try:
        return load_config(root).limits.max_file_bytes
    except ConfigError:
        return Limits().max_file_bytes


@app.command()
def schema(
    kind: str | None = typer.Argument(
        None,
        help="One file kind to print: charter, raci, risks, kpis, status, agreements, actions, reviews, plan, "
        "financials, people or config.",
    ),
    write: Path | None = typer.Option(
        None, "--write", help="Write every <kind>.schema.json into this folder (e.g. your portfolio's schemas/)."
    ),
) -> None:
    """Print or write the JSON Schemas (draft 2020-12) that give editors autocompletion and help on hover.

    Example: partnerkit schema --write schemas
    """
    from partnerkit.model.schemas import generate

    schemas = generate()
    if write is None:
        kinds = [name.removesuffix(".schema.json") for name in schemas]
        if kind not in kinds:
            fail([], f"Error: name one of {', '.join(kinds)}, or use --write DIR for all of them.")
        typer.echo(schemas[f"{kind}.schema.json"], nl=False)
        return
    for name, text in schemas.items():
        write_file(write / name, text)
    typer.echo(f"Wrote {len(schemas)} schemas to {write}")
