"""The command line: parse options, call the core, pick a renderer, exit with a meaning.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage error, missing
portfolio or unreadable config. Heavy modules are imported inside commands so that
``partnerkit --version`` and ``--help`` stay instant.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer

from partnerkit import __version__

app = typer.Typer(
    name="partnerkit",
    help="Partnerships as code: check a portfolio of partnerships kept as YAML in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Partnerships as code."""


def _as_of(value: Optional[str]) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _rule_codes(values: list[str], option: str) -> set[str]:
    if not values:
        return set()  # and a cached run never imports the rules
    from partnerkit.rules import find_rule

    codes = set()
    for value in (part.strip() for item in values for part in item.split(",")):
        if not value:
            continue
        found = find_rule(value)
        if found is None:
            raise typer.BadParameter(f"{value!r} is not a rule code or name (see `partnerkit rules`)", param_hint=option)
        codes.add(found.code)
    return codes


def _colour(stream: object) -> bool:
    return "NO_COLOR" not in os.environ and bool(getattr(stream, "isatty", lambda: False)())


def _fail(diagnostics: list, message: str = "") -> NoReturn:
    """Report why nothing could be checked, and exit 2."""
    from partnerkit.render import Report
    from partnerkit.render.text import render

    if message:
        typer.echo(message, err=True)
    if diagnostics:
        render(Report(diagnostics, 0, 0, ""), sys.stderr, _colour(sys.stderr))
    raise typer.Exit(EXIT_USAGE)


@app.command()
def lint(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root, partnership folders or files. Default: the portfolio containing the current folder."),
    output_format: str = typer.Option("auto", "--format", "-f", help="auto (github on GitHub Actions, else text), text, json, github, sarif or junit."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Check dates as if today were this day (YYYY-MM-DD)."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too, not only errors."),
    select: list[str] = typer.Option([], "--select", help="Only these rules (codes or names; repeat or comma-separate)."),
    ignore: list[str] = typer.Option([], "--ignore", help="Skip these rules (codes or names)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Check everything afresh; neither read nor write .partnerkit-cache/."),
) -> None:
    """Check a portfolio and report what is missing or wrong, file by file and line by line.

    Example: partnerkit lint --as-of 2026-11-25 --select risk-high-unmitigated,PK602
    """
    from partnerkit.diagnostics import Severity
    from partnerkit.render import FORMATS, Report, formatter

    if output_format == "auto":
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format not in FORMATS:
        raise typer.BadParameter(f"{output_format!r} is not a format; choose one of {', '.join(FORMATS)}", param_hint="--format")
    day = _as_of(as_of)
    chosen, skipped = _rule_codes(select, "--select"), _rule_codes(ignore, "--ignore")
    root, scope = _locate_portfolio(paths or [])
    all_diagnostics, partnerships, files = _checked(root, day, chosen, skipped, use_cache=not no_cache)
    diagnostics = [d for d in all_diagnostics if _in_scope(d.path, scope)]
    report = Report(diagnostics, partnerships, files, day.isoformat())
    formatter(output_format)(report, sys.stdout, _colour(sys.stdout) and output_format == "text")
    failing = Severity.WARNING.rank if strict else Severity.ERROR.rank
    raise typer.Exit(EXIT_FINDINGS if any(d.severity.rank >= failing for d in diagnostics) else EXIT_CLEAN)


def _checked(root: Path, day: dt.date, chosen: set[str], skipped: set[str], use_cache: bool) -> tuple[list, int, int]:
    """(diagnostics, partnerships, files) for the whole portfolio, from the cache when nothing changed."""
    import gc

    from partnerkit import cache

    key = cache.cache_key(root, f"{day}|{sorted(chosen)}|{sorted(skipped)}")
    hit = cache.load(root, key) if use_cache else None
    if hit is not None:
        return hit
    gc.disable()  # a short run that allocates many small objects: collection only costs time
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.config_file import ConfigError, load_config
    from partnerkit.load.source import WorkingTree

    try:
        result = run_lint(WorkingTree(root), load_config(root), day, chosen, skipped)
    except ConfigError as error:
        _fail(error.diagnostics)
    checked = (result.diagnostics, len(result.loaded.portfolio.partnerships), len(result.loaded.parsed))
    if use_cache:
        cache.store(root, key, *checked)
    return checked


def _locate_portfolio(paths: list[Path]) -> tuple[Path, list[str]]:
    """The portfolio root and the portfolio-relative paths to report on ([] = everything)."""
    from partnerkit.load.config_file import find_root

    for path in paths:
        if not path.exists():
            _fail([], f"Error: {path} does not exist.")
    start = paths[0] if paths else Path.cwd()
    root = find_root(start)
    if root is None:
        _fail([], f"Error: no partnerkit.yaml in {start.resolve()} or any folder above it.\n"
                  "Run partnerkit from inside your portfolio, or pass its folder: partnerkit lint path/to/portfolio")
    scope = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            _fail([], f"Error: {path} is not inside the portfolio at {root}.")
        relative = resolved.relative_to(root).as_posix()
        if relative != ".":
            scope.append(relative)
    return root, scope


def _in_scope(path: str, scope: list[str]) -> bool:
    return not scope or any(path == s or path.startswith(s + "/") for s in scope)


def _assessed(paths: Optional[list[Path]], as_of: Optional[str]) -> tuple[Any, list, dt.date]:
    """(portfolio, healths of the partnerships in scope, day): lint, then score."""
    import gc

    from partnerkit.health import assess
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.config_file import ConfigError, load_config
    from partnerkit.load.source import WorkingTree

    day = _as_of(as_of)
    root, scope = _locate_portfolio(paths or [])
    gc.disable()
    try:
        result = run_lint(WorkingTree(root), load_config(root), day)
    except ConfigError as error:
        _fail(error.diagnostics)
    portfolio = result.loaded.portfolio
    healths = [h for h in assess(portfolio, result.diagnostics) if _in_scope(h.partnership.folder, scope) or
               any(s.startswith(h.partnership.folder + "/") for s in scope)]
    return portfolio, healths, day


@app.command()
def score(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root or partnership folders. Default: the whole portfolio."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Score as if today were this day (YYYY-MM-DD)."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Score each partnership's health (0-100) with the reasons, its maturity level, and the portfolio summary.

    Example: partnerkit score --as-of 2026-11-25
    """
    from partnerkit.health import summarise

    if output_format not in ("text", "json"):
        raise typer.BadParameter(f"{output_format!r} is not a format; choose text or json", param_hint="--format")
    portfolio, healths, day = _assessed(paths, as_of)
    summary = summarise(healths, portfolio.config.buckets)
    if output_format == "json":
        from partnerkit.render.health_json import render_scores as render_json

        render_json(healths, summary, day, sys.stdout)
    else:
        from partnerkit.render.health_text import render_scores

        render_scores(healths, summary, sys.stdout, _colour(sys.stdout))


@app.command()
def status(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root or partnership folders. Default: the whole portfolio."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
    sort: str = typer.Option("name", "--sort", help="name, score, tier, owner or stage."),
    tier: list[str] = typer.Option([], "--tier", help="Only these tiers (repeatable)."),
    owner: list[str] = typer.Option([], "--owner", help="Only these owners (repeatable)."),
    stage: list[str] = typer.Option([], "--stage", help="Only these stages (repeatable)."),
    where: list[str] = typer.Option([], "--where", help="Only partnerships whose BUCKET is COLOUR, e.g. --where Monetize=red (repeatable)."),
) -> None:
    """The heat map: partnerships x buckets as G/A/R cells, with score and maturity.

    Example: partnerkit status --where Monetize=red --sort score
    """
    from partnerkit.health import summarise
    from partnerkit.render.health_text import render_heat_map

    if sort not in ("name", "score", "tier", "owner", "stage"):
        raise typer.BadParameter(f"{sort!r} is not a sort key; choose name, score, tier, owner or stage", param_hint="--sort")
    conditions = [_bucket_condition(text) for text in where]
    portfolio, healths, _ = _assessed(paths, as_of)
    buckets = portfolio.config.buckets
    for bucket, _colour_name in conditions:
        if bucket not in buckets:
            raise typer.BadParameter(f"{bucket!r} is not one of the buckets: {', '.join(buckets)}", param_hint="--where")
    shown = [
        h for h in healths
        if (not tier or h.identity["tier"] in tier) and (not owner or h.identity["owner"] in owner)
        and (not stage or h.identity["stage"] in stage) and all((h.rag(b) or "none") == c for b, c in conditions)
    ]
    key = {"name": lambda h: h.partnership.id, "score": lambda h: (h.score.value, h.partnership.id)}.get(
        sort, lambda h: (h.identity[sort], h.partnership.id))
    render_heat_map(sorted(shown, key=key), buckets, summarise(shown, buckets), sys.stdout, _colour(sys.stdout))


@app.command()
def report(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root or partnership folders. Default: the whole portfolio."),
    output_format: str = typer.Option("md", "--format", "-f", help="md (GitHub-flavoured Markdown) or html (one self-contained file)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically) instead of printing it."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Report as if today were this day (YYYY-MM-DD)."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="A folder whose report/report.md.j2 or report/report.html.j2 replaces the shipped one."),
    history: int = typer.Option(0, "--history", min=0, help="Add each partnership's score trend over the last N commits (needs git)."),
) -> None:
    """The executive report: summary, heat map, scores with reasons, scorecards, the next 90 days and lint findings.

    Example: partnerkit report --format html -o report.html
    """
    from partnerkit.due import due_items
    from partnerkit.health import summarise
    from partnerkit.render.report import FORMATS as REPORT_FORMATS
    from partnerkit.render.report import ReportTemplateError, render
    from partnerkit.report import HORIZON_DAYS, build
    from partnerkit.write import write_atomic

    if output_format not in REPORT_FORMATS:
        raise typer.BadParameter(f"{output_format!r} is not a format; choose md or html", param_hint="--format")
    if templates is not None and not templates.is_dir():
        raise typer.BadParameter(f"{templates} is not a folder", param_hint="--templates")
    portfolio, healths, day = _assessed(paths, as_of)
    diagnostics = [d for h in healths for d in h.diagnostics]
    ids = [h.partnership.id for h in healths]
    trends = _trends(_locate_portfolio(paths or [])[0], portfolio.config, ids, history, day) if history else {}
    model = build(portfolio, healths, summarise(healths, portfolio.config.buckets), diagnostics,
                  due_items(portfolio, day, HORIZON_DAYS), day, trends=trends)
    try:
        text = render(model, output_format, templates)
    except ReportTemplateError as error:
        _fail([], f"Error: {error}")
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        write_atomic(output, text)
    except OSError as error:
        _fail([], f"Error: {error}")
    typer.echo(f"Wrote {output}", err=True)


def _trends(root: Path, config: Any, ids: list[str], count: int, day: dt.date) -> dict[str, str]:
    """Score sparklines over the portfolio's last ``count`` commits, read from git."""
    from partnerkit.gitsource import GitError, Repository
    from partnerkit.health import assess
    from partnerkit.history import sparkline
    from partnerkit.lint import lint as run_lint

    try:
        repo = Repository(root)
        scores: dict[str, list[Optional[int]]] = {pid: [] for pid in ids}
        for commit in reversed(repo.log("", None, count)):
            result = run_lint(repo.source(commit.sha), config, day)
            at = {h.partnership.id: h.score.value for h in assess(result.loaded.portfolio, result.diagnostics)}
            for pid in ids:
                scores[pid].append(at.get(pid))
    except GitError as error:
        typer.echo(f"Error: {error.message}" + (f"\n    hint: {error.hint}" if error.hint else ""), err=True)
        raise typer.Exit(EXIT_GIT) from None
    return {pid: sparkline(values) for pid, values in scores.items()}


def _bucket_condition(text: str) -> tuple[str, str]:
    bucket, _, colour = text.partition("=")
    if colour not in ("green", "amber", "red", "none"):
        raise typer.BadParameter(f"{text!r}: write BUCKET=green, amber, red or none", param_hint="--where")
    return bucket, colour


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Where to create the portfolio (created if missing)."),
    force: bool = typer.Option(False, "--force", help="Overwrite files that already exist."),
) -> None:
    """Create a portfolio repository: settings, people, schemas, pre-commit hooks and a CI workflow.

    Example: partnerkit init my-portfolio
    """
    from partnerkit.scaffold import render_init
    from partnerkit.write import write_atomic

    files = render_init(__version__)
    existing = sorted(path for path in files if (folder / path).exists() or (folder / path).is_symlink())
    if existing and not force:
        _fail([], f"Error: {folder} already has {', '.join(existing)}.\nNothing was written. Use --force to overwrite them.")
    try:
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text, within=folder)
    except OSError as error:
        _fail([], f"Error: {error}")
    (folder / "partnerships").mkdir(exist_ok=True)
    typer.echo(f"Created a portfolio in {folder} ({len(files)} files).\n"
               f"Next: add your team to {folder / 'people.yaml'}, then `partnerkit new <id>` for each partnership.")


@app.command()
def new(
    partnership_id: str = typer.Argument(..., metavar="ID", help="The new partnership's id, e.g. acme-cloud: lowercase letters, digits and hyphens."),
    name: Optional[str] = typer.Option(None, help="A readable name, e.g. 'Acme Cloud integration'."),
    partner: Optional[str] = typer.Option(None, help="The partner organisation's name."),
    kind: Optional[str] = typer.Option(None, help="The partner's kind: company, startup, university, nonprofit, government, association, agency, other."),
    type_: Optional[str] = typer.Option(None, "--type", help="The relationship: technology, reseller, system-integrator, co-marketing, ..."),
    tier: Optional[str] = typer.Option(None, help="One of the portfolio's tiers."),
    owner: Optional[str] = typer.Option(None, help="The partner manager's handle from people.yaml."),
    stage: Optional[str] = typer.Option(None, help="prospect, due-diligence, negotiation, onboarding, active, renewal, exiting or ended."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="A folder with your own new/<file>.yaml.j2 templates."),
) -> None:
    """Create partnerships/ID from templates, then show what to fill in next.

    Example: partnerkit new acme-cloud --name "Acme Cloud integration" --partner "Acme Cloud Inc." --type technology
    """
    from partnerkit.create_partnership import create

    create(partnership_id, {"name": name, "partner": partner, "kind": kind, "type": type_, "tier": tier,
                            "owner": owner, "stage": stage}, templates, interactive=_interactive())


def _interactive() -> bool:
    """Ask questions only of a person at a terminal, never of a script or CI."""
    return sys.stdin.isatty()


@app.command()
def fmt(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root, partnership folders or files. Default: the whole portfolio."),
    check: bool = typer.Option(False, "--check", help="Change nothing; list the files that would change, with a diff, and exit 1 if any."),
) -> None:
    """Tidy the layout of the portfolio's YAML, keeping every comment, quote and key order.

    Example: partnerkit fmt --check
    """
    import difflib

    from partnerkit.fmt import format_yaml
    from partnerkit.load.problems import ReadProblem
    from partnerkit.load.source import WorkingTree
    from partnerkit.model.portfolio import CONFIG_FILE, PEOPLE_FILE, is_partnership_file
    from partnerkit.write import write_atomic

    root, scope = _locate_portfolio(paths or [])
    source = WorkingTree(root)
    files = sorted(p for p in source.files() if (p in (CONFIG_FILE, PEOPLE_FILE) or is_partnership_file(p)) and _in_scope(p, scope))
    max_bytes = _max_bytes(root)
    changed, broken = [], 0
    for path in files:
        raw = source.read(path, max_bytes)
        result = raw if isinstance(raw, ReadProblem) else format_yaml(raw)
        if isinstance(result, ReadProblem):
            broken += 1
            where = f"{path}:{result.line}:{result.column}" if result.line else path
            typer.echo(f"{where}  left unformatted: {result.message}", err=True)
            continue
        if result == raw:
            continue
        changed.append(path)
        if check:
            old, new = (b.decode("utf-8-sig").splitlines(keepends=True) for b in (raw, result))  # type: ignore[union-attr]
            diff = list(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", n=1))
            typer.echo("".join(diff[:40]) + (f"... ({len(diff) - 40} more diff lines)\n" if len(diff) > 40 else ""), nl=False)
        else:
            write_atomic(root / path, result, within=root)
            typer.echo(f"formatted {path}")
    verb = "would reformat" if check else "reformatted"
    typer.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, {len(files) - len(changed) - broken} already tidy"
               + (f", {broken} left unformatted (see above)" if broken else "") + ".")
    raise typer.Exit(EXIT_FINDINGS if broken or (check and changed) else EXIT_CLEAN)


def _max_bytes(root: Path) -> int:
    """The portfolio's file size limit, or the default when partnerkit.yaml cannot say."""
    from partnerkit.config import Limits
    from partnerkit.load.config_file import ConfigError, load_config

    try:
        return load_config(root).limits.max_file_bytes
    except ConfigError:
        return Limits().max_file_bytes


@app.command("rules")
def list_rules(
    output_format: str = typer.Option("text", "--format", "-f", help="text (a table) or markdown (the full catalogue, as in docs/rules.md)."),
) -> None:
    """List every rule: code, name, default severity and what it checks.

    Example: partnerkit rules --format markdown > docs/rules.md
    """
    from rich.console import Console
    from rich.table import Table

    from partnerkit.rules import REGISTRY

    if output_format == "markdown":
        from partnerkit.rules.docs import catalogue_markdown

        typer.echo(catalogue_markdown(), nl=False)
        return
    if output_format != "text":
        raise typer.BadParameter(f"{output_format!r} is not a format; choose text or markdown", param_hint="--format")

    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("code", "name", "severity", "checks"):
        table.add_column(column)
    for rule in REGISTRY.values():
        table.add_row(rule.code, rule.name, rule.severity.value, rule.summary)
    Console(no_color=not _colour(sys.stdout), soft_wrap=True).print(table)


@app.command()
def explain(rule: str = typer.Argument(..., help="A rule code (PK403) or name (risk-high-unmitigated).")) -> None:
    """Explain one rule: why it matters, a failing and a passing example, and its options.

    Example: partnerkit explain PK403
    """
    from partnerkit.rules import find_rule
    from partnerkit.rules.docs import rule_markdown

    found = find_rule(rule)
    if found is None:
        _fail([], f"Error: {rule!r} is not a rule code or name. `partnerkit rules` lists them all.")
    typer.echo(rule_markdown(found))


@app.command()
def schema(
    kind: Optional[str] = typer.Argument(None, help="One file kind to print: charter, raci, risks, kpis, status, agreements, actions, reviews, people or config."),
    write: Optional[Path] = typer.Option(None, "--write", help="Write every <kind>.schema.json into this folder (e.g. your portfolio's schemas/)."),
) -> None:
    """Print or write the JSON Schemas (draft 2020-12) that give editors autocompletion and help on hover.

    Example: partnerkit schema --write schemas
    """
    from partnerkit.schemas import generate
    from partnerkit.write import write_atomic

    schemas = generate()
    if write is None:
        kinds = [name.removesuffix(".schema.json") for name in schemas]
        if kind not in kinds:
            _fail([], f"Error: name one of {', '.join(kinds)}, or use --write DIR for all of them.")
        typer.echo(schemas[f"{kind}.schema.json"], nl=False)
        return
    write.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.items():
        write_atomic(write / name, text)
    typer.echo(f"Wrote {len(schemas)} schemas to {write}")


EXIT_GIT = 3


@app.command()
def history(
    partnership: Optional[str] = typer.Argument(None, metavar="[ID]", help="One partnership's id. Default: the whole portfolio."),
    since: Optional[str] = typer.Option(None, "--since", help="Only commits after this date (YYYY-MM-DD) or revision."),
    max_count: int = typer.Option(20, "--max-count", "-n", min=1, help="At most this many commits (newest)."),
    portfolio: Optional[Path] = typer.Option(None, "--portfolio", "-C", help="The portfolio folder. Default: the one containing the current folder."),
    output_format: str = typer.Option("text", "--format", "-f", help="text or json."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Score every commit as of this day (YYYY-MM-DD); default today."),
) -> None:
    """How a partnership (or the portfolio) moved: score and ratings at each commit that touched it.

    Example: partnerkit history snowpeak-data --since 2026-01-01
    """
    import gc
    import json

    from partnerkit.gitsource import GitError, Repository
    from partnerkit.health import assess
    from partnerkit.history import point, sparkline
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.config_file import ConfigError, load_config

    if output_format not in ("text", "json"):
        raise typer.BadParameter(f"{output_format!r} is not a format; choose text or json", param_hint="--format")
    day = _as_of(as_of)
    root, _ = _locate_portfolio([portfolio] if portfolio else [])
    gc.disable()
    points = []
    try:
        repo = Repository(root)
        config = load_config(root)
        commits = repo.log(f"partnerships/{partnership}" if partnership else "", since, max_count)
        for commit in reversed(commits):
            source = repo.source(commit.sha)
            try:
                config = load_config(source)
            except ConfigError:
                pass  # that commit's settings were broken: score it with the latest good ones
            result = run_lint(source, config, day)
            points.append(point(commit, assess(result.loaded.portfolio, result.diagnostics), partnership, config.buckets))
    except GitError as error:
        typer.echo(f"Error: {error.message}" + (f"\n    hint: {error.hint}" if error.hint else ""), err=True)
        raise typer.Exit(EXIT_GIT) from None
    except ConfigError as error:
        _fail(error.diagnostics)
    if output_format == "json":
        json.dump({"schema_version": 1, "partnership": partnership, "as_of": day.isoformat(), "points": [
            {"commit": p.commit.sha, "date": p.commit.date.isoformat(), "author": p.commit.author, "subject": p.commit.subject,
             "score": p.score, "ratings": p.ratings} for p in points]}, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    what = partnership or "the portfolio (average score; red buckets counted)"
    typer.echo(f"{what}: {len(points)} commit{'s' if len(points) != 1 else ''}, oldest first  "
               f"{sparkline([p.score for p in points])}")
    for p in points:
        cells = " ".join((v or "-")[0].upper() if partnership else (v or "0") for v in p.ratings.values())
        score = "  -" if p.score is None else f"{p.score:3d}"
        typer.echo(f"{p.commit.sha[:8]}  {p.commit.date}  {score}  {cells}  {p.commit.author}: {p.commit.subject}")


@app.command()
def textconv(file: Path = typer.Argument(..., help="A partnership file (charter.yaml, risks.yaml, ...) or people.yaml.")) -> None:
    """Print a partnership file as one fact a line, for `git diff` (a git textconv driver).

    Example: partnerkit textconv partnerships/acme/risks.yaml
    (and once per clone: git config diff.partnerkit.textconv "partnerkit textconv")
    """
    from partnerkit.textconv import textconv as convert

    try:
        raw = file.read_bytes()
    except OSError as error:
        _fail([], f"Error: cannot read {file}: {error.strerror or error}")
    sys.stdout.write(convert(file.name, raw))


@app.command()
def diff(
    base: Optional[str] = typer.Argument(None, help="Revision to compare from. Default: the merge-base of HEAD with the default branch (HEAD itself on that branch)."),
    head: Optional[str] = typer.Argument(None, help="Revision to compare to. Default: the working tree, uncommitted changes included."),
    portfolio: Optional[Path] = typer.Option(None, "--portfolio", "-C", help="The portfolio folder. Default: the one containing the current folder."),
    output_format: str = typer.Option("text", "--format", "-f", help="text, markdown (for a pull-request comment) or json."),
    fail_on: list[str] = typer.Option([], "--fail-on", help="Exit 1 when: new-errors, new-findings, red-without-evidence, score-drop=N (repeatable)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """What a change does to the portfolio, in partnership terms: ratings, risks, KPIs, agreements, scores, findings.

    Example: partnerkit diff main --format markdown --fail-on new-errors
    """
    from partnerkit.diff_gates import parse_condition

    if output_format not in ("text", "markdown", "json"):
        raise typer.BadParameter(f"{output_format!r} is not a format; choose text, markdown or json", param_hint="--format")
    for condition in fail_on:
        try:
            parse_condition(condition)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--fail-on") from None
    day = _as_of(as_of)
    root, _ = _locate_portfolio([portfolio] if portfolio else [])
    from partnerkit.gitsource import GitError

    try:
        base_side, head_side = _diff_sides(root, base, head, day)
    except GitError as error:
        typer.echo(f"Error: {error.message}" + (f"\n    hint: {error.hint}" if error.hint else ""), err=True)
        raise typer.Exit(EXIT_GIT) from None
    from partnerkit.diff import diff_portfolios
    from partnerkit.diff_gates import fail_reasons

    changes = diff_portfolios(base_side, head_side, day)
    if output_format == "json":
        from partnerkit.render.diff_json import render as render_json

        render_json(changes, sys.stdout)
    elif output_format == "markdown":
        from partnerkit.render.diff_markdown import render as render_markdown

        render_markdown(changes, sys.stdout)
    else:
        from partnerkit.render.diff_text import render as render_text

        render_text(changes, sys.stdout, _colour(sys.stdout))
    reasons = fail_reasons(changes, fail_on)
    for reason in reasons:
        typer.echo(f"fail: {reason}", err=True)
    raise typer.Exit(EXIT_FINDINGS if reasons else EXIT_CLEAN)


def _diff_sides(root: Path, base: Optional[str], head: Optional[str], day: dt.date) -> tuple[Any, Any]:
    """The two ends of a comparison, each linted and scored with its own partnerkit.yaml (or
    the other end's, when one end has none, e.g. before the portfolio existed)."""
    import gc

    from partnerkit.diff import Side
    from partnerkit.gitsource import Repository
    from partnerkit.health import assess
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.config_file import ConfigError, load_config
    from partnerkit.load.source import WorkingTree

    gc.disable()
    repo = Repository(root)
    sources = [repo.source(base or repo.default_base()), WorkingTree(root) if head is None else repo.source(head)]
    configs = []
    for source in sources:
        try:
            configs.append(load_config(source))
        except ConfigError as error:
            configs.append(error)
    if all(isinstance(c, ConfigError) for c in configs):
        _fail(configs[1].diagnostics)
    sides = []
    for source, config in zip(sources, configs):
        usable = config if not isinstance(config, ConfigError) else next(c for c in configs if not isinstance(c, ConfigError))
        result = run_lint(source, usable, day)
        sides.append(Side(result.loaded.portfolio, assess(result.loaded.portfolio, result.diagnostics), result.diagnostics))
    return sides[0], sides[1]


@app.command()
def due(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root or partnership folders. Default: the whole portfolio."),
    within: str = typer.Option("90d", "--within", help="How far ahead to look, in days: 90d or 90."),
    output_format: str = typer.Option("text", "--format", "-f", help="text, json, or ics (an iCalendar file for your calendar)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """What is due soon and what is overdue: renewals, notice deadlines, reviews, risk reviews, KPI measurements, actions.

    Example: partnerkit due --within 30d --format ics > partnerships.ics
    """
    from partnerkit.due import due_items
    from partnerkit.load.config_file import ConfigError, load_config
    from partnerkit.load.portfolio import load_portfolio
    from partnerkit.load.source import WorkingTree

    if output_format not in ("text", "json", "ics"):
        raise typer.BadParameter(f"{output_format!r} is not a format; choose text, json or ics", param_hint="--format")
    days = within.removesuffix("d")
    if not days.isdigit():
        raise typer.BadParameter(f"{within!r} is not a number of days, e.g. 90d", param_hint="--within")
    day = _as_of(as_of)
    root, scope = _locate_portfolio(paths or [])
    try:
        portfolio = load_portfolio(WorkingTree(root), load_config(root)).portfolio
    except ConfigError as error:
        _fail(error.diagnostics)
    items = [i for i in due_items(portfolio, day, int(days)) if _in_scope(f"partnerships/{i.partnership}", scope)
             or any(s.startswith(f"partnerships/{i.partnership}/") for s in scope)]
    if output_format == "ics":
        from partnerkit.render.due_ics import render_ics

        render_ics(items, day, portfolio.people, sys.stdout)
    else:
        from partnerkit.render.due_text import render_json, render_text

        (render_json if output_format == "json" else render_text)(items, day, int(days), sys.stdout)


@app.command()
def export(
    paths: Optional[list[Path]] = typer.Argument(None, help="Portfolio root or partnership folders. Default: the whole portfolio."),
    what: str = typer.Option("partnerships", "--what", help="partnerships (one row each), risks, kpis or actions (one row per item)."),
    output_format: str = typer.Option("csv", "--format", "-f", help="csv."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of the screen."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="As if today were this day (YYYY-MM-DD)."),
) -> None:
    """Export the portfolio as CSV for spreadsheets, safe from formula injection.

    Example: partnerkit export --what risks -o risks.csv
    """
    from partnerkit.spreadsheet import WHAT, export_rows, to_csv

    if output_format != "csv":
        raise typer.BadParameter(f"{output_format!r} is not a format; only csv", param_hint="--format")
    if what not in WHAT:
        raise typer.BadParameter(f"{what!r}: choose one of {', '.join(WHAT)}", param_hint="--what")
    from partnerkit.rules.settings import resolve_settings

    portfolio, healths, day = _assessed(paths, as_of)
    high = resolve_settings(portfolio.config).options["PK403"].threshold  # what lint calls a high risk
    text = to_csv(*export_rows(what, healths, portfolio.config.buckets, day, high))
    if output is None:
        sys.stdout.write(text)
    else:
        from partnerkit.write import write_atomic

        write_atomic(output, text)
        typer.echo(f"Wrote {text.count(chr(10)) - 1} rows to {output}")


@app.command("import")
def import_(
    csv_file: Path = typer.Argument(..., metavar="PATH.csv", help="A spreadsheet export with a header row."),
    mapping: list[str] = typer.Option([], "--map", help="HEADER=FIELD for a column whose header partnerkit does not recognise, e.g. --map 'Account=partner'."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Import the valid rows even if some are invalid."),
    templates: Optional[Path] = typer.Option(None, "--templates", help="Your own new/<file>.yaml.j2 templates."),
) -> None:
    """Create partnership folders from a spreadsheet tracker: one row per partnership.

    Columns (by header): id, name, partner, type, and optionally kind, tier, stage, owner.
    Nothing is written if any row is invalid (unless --skip-invalid); existing partnerships are never touched.

    Example: partnerkit import tracker.csv --map 'Account=partner'
    """
    import datetime as dt_

    from partnerkit.create_partnership import handles_of, write_partnership
    from partnerkit.load.config_file import ConfigError, load_config
    from partnerkit.spreadsheet import IMPORT_FIELDS, read_rows

    fields = {}
    for item in mapping:
        header, _, field = item.partition("=")
        if field not in IMPORT_FIELDS:
            raise typer.BadParameter(f"{item!r}: write HEADER=FIELD with FIELD one of {', '.join(IMPORT_FIELDS)}", param_hint="--map")
        fields[header] = field
    root, _ = _locate_portfolio([])
    try:
        config = load_config(root)
        text = csv_file.read_text(encoding="utf-8-sig")
    except ConfigError as error:
        _fail(error.diagnostics)
    except (OSError, UnicodeDecodeError) as error:
        _fail([], f"Error: cannot read {csv_file}: {error}")
    existing = {p.name for p in (root / "partnerships").iterdir()} if (root / "partnerships").is_dir() else set()
    rows = read_rows(text, fields, config.tiers, handles_of(root), existing)
    bad = [row for row in rows if row.problems]
    for row in bad:
        typer.echo(f"{csv_file}:{row.line}: {'; '.join(row.problems)}", err=True)
    if bad and not skip_invalid:
        _fail([], f"{len(bad)} of {len(rows)} rows are invalid; nothing was written (fix them, or use --skip-invalid).")
    good = [row for row in rows if not row.problems]
    for row in good:
        write_partnership(root, config, row.values, templates, dt_.date.today())
    typer.echo(f"Imported {len(good)} partnership{'s' if len(good) != 1 else ''}" + (f"; skipped {len(bad)} invalid rows." if bad else "."))


def main() -> None:
    app()
