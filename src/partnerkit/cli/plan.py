"""Deadlines and spreadsheets: `due`, `export` and `import`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import typer

from partnerkit.cli import complete
from partnerkit.cli.app import (
    app,
    assessed,
    chosen_format,
    fail,
    locate_portfolio,
    parse_day,
    partnership_in_scope,
    use_colour,
    write_file,
)


@app.command()
def due(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root or partnership folders. Default: the whole portfolio."
    ),
    within: str = typer.Option("90d", "--within", help="How far ahead to look, in days: 90d or 90."),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text, json, or ics (an iCalendar file for your calendar).",
        autocompletion=complete.formats("due"),
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """What is due soon and what is overdue: renewals, notices, reviews, risk reviews, KPI measurements, actions, objectives, plan commitments.

    Example: partnerkit due --within 30d --format ics > partnerships.ics
    """  # noqa: E501 - the first line is the command's summary in `partnerkit --help`, which keeps a line break
    from partnerkit.due import due_items
    from partnerkit.load.portfolio import load_portfolio
    from partnerkit.load.source import WorkingTree
    from partnerkit.render.formats import renderer
    from partnerkit.settings import ConfigError, load_config

    render = renderer("due", chosen_format("due", output_format))
    days = within.removesuffix("d")
    if not days.isdigit():
        raise typer.BadParameter(f"{within!r} is not a number of days, e.g. 90d", param_hint="--within")
    day = parse_day(as_of)
    root, scope = locate_portfolio(paths or [])
    try:
        portfolio = load_portfolio(WorkingTree(root), load_config(root)).portfolio
    except ConfigError as error:
        fail(error.diagnostics)
    items = [
        i for i in due_items(portfolio, day, int(days)) if partnership_in_scope(f"partnerships/{i.partnership}", scope)
    ]
    render(items, day, int(days), portfolio.people, sys.stdout, use_colour(sys.stdout))


@app.command()
def export(
    paths: list[Path] | None = typer.Argument(
        None, help="Portfolio root or partnership folders. Default: the whole portfolio."
    ),
    what: str = typer.Option(
        "partnerships",
        "--what",
        help="partnerships (one row each), risks, kpis, actions, commitments or financials (one row per item).",
    ),
    output_format: str = typer.Option("csv", "--format", "-f", help="csv.", autocompletion=complete.formats("export")),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (atomically) instead of the screen."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """Export the portfolio as CSV for spreadsheets, safe from formula injection.

    Example: partnerkit export --what risks -o risks.csv
    """
    from partnerkit.author.spreadsheet import WHAT, export_rows, to_csv

    chosen_format("export", output_format)
    if what not in WHAT:
        raise typer.BadParameter(f"{what!r}: choose one of {', '.join(WHAT)}", param_hint="--what")
    from partnerkit.rules.settings import resolve_settings

    portfolio, healths, day = assessed(paths, as_of)
    high = resolve_settings(portfolio.config).options["PK403"].threshold  # what lint calls a high risk
    text = to_csv(*export_rows(what, healths, portfolio.config.buckets, day, high))
    if output is None:
        sys.stdout.write(text)
    else:
        write_file(output, text)
        typer.echo(f"Wrote {text.count(chr(10)) - 1} rows to {output}")


@app.command("import")
def import_(
    csv_file: Path = typer.Argument(..., metavar="PATH.csv", help="A spreadsheet export with a header row."),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        help="HEADER=FIELD for a column whose header partnerkit does not recognise, e.g. --map 'Account=partner'.",
    ),
    update: bool = typer.Option(
        False,
        "--update",
        help="Apply the changed cells of an exported sheet to existing partnerships, keeping comments and layout.",
    ),
    what: str | None = typer.Option(
        None,
        "--what",
        help="With --update: which export the sheet is (partnerships, risks, kpis or actions). "
        "Default: told by its columns.",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Show what would change (as `partnerkit diff` says it) and write nothing."
    ),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the valid rows even if some are invalid."),
    templates: Path | None = typer.Option(None, "--templates", help="Your own new/<file>.yaml.j2 templates."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="With --update: as if today were this day (YYYY-MM-DD), the date of changed ratings."
    ),
) -> None:
    """Create partnership folders from a spreadsheet tracker, or update them from an edited export (--update).

    Columns (by header): id, name, partner, type, and optionally kind, tier, stage, owner.
    With --update, a sheet from `partnerkit export` whose changed cells are applied: stage, tier, owner,
    sponsor and bucket ratings (partnerships), likelihood, impact and status (risks), a new latest
    measurement (kpis), state and done (actions).
    Nothing is written if any row is invalid (unless --skip-invalid).

    Example: partnerkit import partnerships.csv --update --dry-run
    """
    from partnerkit.author.spreadsheet import IMPORT_FIELDS

    fields = {}
    for item in mapping:
        header, _, field = item.partition("=")
        if not header or not field or (not update and field not in IMPORT_FIELDS):
            raise typer.BadParameter(
                f"{item!r}: write HEADER=FIELD with FIELD one of {', '.join(IMPORT_FIELDS)}"
                if not update
                else f"{item!r}: write HEADER=COLUMN with COLUMN a column of the export",
                param_hint="--map",
            )
        fields[header] = field
    if what is not None and not update:
        raise typer.BadParameter("--what goes with --update", param_hint="--what")
    root, _ = locate_portfolio([])
    text = _read_sheet(csv_file)
    if update:
        _update(root, csv_file, text, fields, what, dry_run, skip_invalid, parse_day(as_of))
    else:
        _create(root, csv_file, text, fields, dry_run, skip_invalid, templates)


def _read_sheet(csv_file: Path) -> str:
    try:
        return csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail([], f"Error: cannot read {csv_file}: {error}")


def _create(
    root: Path,
    csv_file: Path,
    text: str,
    fields: dict[str, str],
    dry_run: bool,
    skip_invalid: bool,
    templates: Path | None,
) -> None:
    import datetime as dt_

    from partnerkit.author.new import handles_of, write_partnership
    from partnerkit.author.spreadsheet import read_rows
    from partnerkit.settings import ConfigError, load_config

    try:
        config = load_config(root)
    except ConfigError as error:
        fail(error.diagnostics)
    existing = {p.name for p in (root / "partnerships").iterdir()} if (root / "partnerships").is_dir() else set()
    rows = read_rows(text, fields, config.tiers, handles_of(root), existing)
    bad = [row for row in rows if row.problems]
    for row in bad:
        typer.echo(f"{csv_file}:{row.line}: {'; '.join(row.problems)}", err=True)
    if any(row.values["id"] in existing for row in bad):
        typer.echo(
            "To apply a sheet's changes to partnerships that exist (an edited `partnerkit export`), use --update.",
            err=True,
        )
    if bad and not skip_invalid:
        fail([], f"{len(bad)} of {len(rows)} rows are invalid; nothing was written (fix them, or use --skip-invalid).")
    good = [row for row in rows if not row.problems]
    if dry_run:
        for row in good:
            typer.echo(f"would create partnerships/{row.values['id']}/")
        typer.echo(
            f"Dry run: nothing written; {len(good)} partnership{'s' if len(good) != 1 else ''} would be created."
        )
        return
    try:
        for row in good:
            write_partnership(root, config, row.values, templates, dt_.date.today())
    except OSError as error:
        fail([], f"Error: cannot write the partnership folders: {error.strerror or error}")
    typer.echo(
        f"Imported {len(good)} partnership{'s' if len(good) != 1 else ''}"
        + (f"; skipped {len(bad)} invalid rows." if bad else ".")
    )


def _update(
    root: Path,
    csv_file: Path,
    text: str,
    fields: dict[str, str],
    what: str | None,
    dry_run: bool,
    skip_invalid: bool,
    day: dt.date,
) -> None:
    """Apply an edited export: every row checked, the result linted and shown as a diff, then written."""
    from partnerkit.author.update import SHEETS, Edited, SheetError, plan_update
    from partnerkit.diff import Side, diff_portfolios
    from partnerkit.health import assess
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.render.formats import renderer
    from partnerkit.rules.settings import resolve_settings
    from partnerkit.settings import ConfigError, load_config

    if what is not None and what not in SHEETS:
        raise typer.BadParameter(f"{what!r}: choose one of {', '.join(SHEETS)}", param_hint="--what")
    try:
        config = load_config(root)
    except ConfigError as error:
        fail(error.diagnostics)
    source = WorkingTree(root)
    base = run_lint(source, config, day)
    healths = assess(base)
    high = resolve_settings(config).options["PK403"].threshold
    max_bytes = config.limits.max_file_bytes
    try:
        plan = plan_update(
            text, base.loaded.portfolio, healths, day, high, lambda path: source.read(path, max_bytes), what, fields
        )
    except SheetError as error:
        fail([], f"Error: {csv_file}: {error}")
    for note in plan.notes:
        typer.echo(f"note: {note}", err=True)
    for row in plan.rows:
        for note in row.notes:
            typer.echo(f"{csv_file}:{row.line}: note: {row.label}: {note}", err=True)
    for row in plan.invalid:
        typer.echo(f"{csv_file}:{row.line}: {row.label}: {'; '.join(row.problems)}", err=True)
    for problem in plan.problems:
        typer.echo(f"Error: {problem}", err=True)
    if plan.problems:
        fail([], "Nothing was written: a file could not be changed safely.")
    bad, rows = len(plan.invalid), len(plan.rows)
    if bad and not skip_invalid:
        fail([], f"{bad} of {rows} rows are invalid; nothing was written (fix them, or use --skip-invalid).")
    head = run_lint(Edited(source, plan.files), config, day)
    changes = diff_portfolios(
        Side(base.loaded.portfolio, healths, base.diagnostics),
        Side(head.loaded.portfolio, assess(head), head.diagnostics),
        day,
    )
    renderer("diff", "text")(changes, sys.stdout, use_colour(sys.stdout))
    count = len(plan.files)
    files = f"{count} file{'s' if count != 1 else ''}"
    skipped = f"; skipped {bad} invalid row{'s' if bad != 1 else ''}" if bad else ""
    if dry_run:
        typer.echo(f"Dry run: nothing written; {files} would change{skipped}.")
        return
    from partnerkit.write import refusals

    refused = refusals([root / path for path in plan.files], root)  # all checked before anything is written
    if refused:
        fail([], "Error: " + "\n       ".join(refused) + "\nNothing was written.")
    for path, content in plan.files.items():
        write_file(root / path, content, within=root)
    typer.echo(f"Updated {files} from {len(plan.changed_rows)} of {rows} rows{skipped}.")
