"""Deadlines and spreadsheets: `due`, `export` and `import`."""

from __future__ import annotations

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
    """What is due soon and what is overdue: renewals, notice deadlines, reviews, risk reviews, KPI measurements, actions, objectives.

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
        "partnerships", "--what", help="partnerships (one row each), risks, kpis or actions (one row per item)."
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
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the valid rows even if some are invalid."),
    templates: Path | None = typer.Option(None, "--templates", help="Your own new/<file>.yaml.j2 templates."),
) -> None:
    """Create partnership folders from a spreadsheet tracker: one row per partnership.

    Columns (by header): id, name, partner, type, and optionally kind, tier, stage, owner.
    Nothing is written if any row is invalid (unless --skip-invalid); existing partnerships are never touched.

    Example: partnerkit import tracker.csv --map 'Account=partner'
    """
    import datetime as dt_

    from partnerkit.author.new import handles_of, write_partnership
    from partnerkit.author.spreadsheet import IMPORT_FIELDS, read_rows
    from partnerkit.settings import ConfigError, load_config

    fields = {}
    for item in mapping:
        header, _, field = item.partition("=")
        if field not in IMPORT_FIELDS:
            raise typer.BadParameter(
                f"{item!r}: write HEADER=FIELD with FIELD one of {', '.join(IMPORT_FIELDS)}", param_hint="--map"
            )
        fields[header] = field
    root, _ = locate_portfolio([])
    try:
        config = load_config(root)
        text = csv_file.read_text(encoding="utf-8-sig")
    except ConfigError as error:
        fail(error.diagnostics)
    except (OSError, UnicodeDecodeError) as error:
        fail([], f"Error: cannot read {csv_file}: {error}")
    existing = {p.name for p in (root / "partnerships").iterdir()} if (root / "partnerships").is_dir() else set()
    rows = read_rows(text, fields, config.tiers, handles_of(root), existing)
    bad = [row for row in rows if row.problems]
    for row in bad:
        typer.echo(f"{csv_file}:{row.line}: {'; '.join(row.problems)}", err=True)
    if bad and not skip_invalid:
        fail([], f"{len(bad)} of {len(rows)} rows are invalid; nothing was written (fix them, or use --skip-invalid).")
    good = [row for row in rows if not row.problems]
    try:
        for row in good:
            write_partnership(root, config, row.values, templates, dt_.date.today())
    except OSError as error:
        fail([], f"Error: cannot write the partnership folders: {error.strerror or error}")
    typer.echo(
        f"Imported {len(good)} partnership{'s' if len(good) != 1 else ''}"
        + (f"; skipped {len(bad)} invalid rows." if bad else ".")
    )
