"""The command line: parse options, call the core, pick a renderer, exit with a meaning.

Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage error, missing
portfolio or unreadable config, 3 git could not give the revision asked for. Heavy modules
are imported inside commands so that ``partnerkit --version`` and ``--help`` stay instant.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import typer

from partnerkit import __version__

app = typer.Typer(
    name="partnerkit",
    help="Partnerships as code: check a portfolio of partnerships kept as YAML in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_GIT = 0, 1, 2, 3


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnerkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Partnerships as code."""


def parse_day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def use_colour(stream: object) -> bool:
    return "NO_COLOR" not in os.environ and bool(getattr(stream, "isatty", lambda: False)())


def printable(value: object) -> str:
    """A path or value people wrote, safe to put in a message: control characters (ESC, a
    line break in a folder name) and bidirectional overrides shown as escapes (``\\x1b``)."""
    from partnerkit.render.terminal_text import visible

    return visible(value)


def say(message: str) -> None:
    """Write a message to standard error, its control characters other than line breaks shown
    as escapes (what partnerkit writes itself never has any; what git or people wrote might)."""
    from partnerkit.render.terminal_text import visible

    typer.echo(visible(message, keep="\n"), err=True)


def fail(diagnostics: list, message: str = "") -> NoReturn:
    """Report why nothing could be checked, and exit 2."""
    from partnerkit.render import Report
    from partnerkit.render.text import render

    if message:
        say(message)
    if diagnostics:
        render(Report(diagnostics, 0, 0, ""), sys.stderr, use_colour(sys.stderr))
    raise typer.Exit(EXIT_USAGE)


def unknown_partnership(partnership: str, known: list[str], where: str = "in this portfolio") -> NoReturn:
    """No partnership by that id: say so, with the closest id as a suggestion, and exit 2."""
    import difflib

    close = difflib.get_close_matches(partnership, known, n=1)
    hint = f"did you mean {printable(close[0])}?" if close else "`partnerkit status` lists the partnerships"
    fail([], f"Error: no partnership {printable(partnership)!r} {where}.\n    hint: {hint}")


def git_failed(error: Any) -> NoReturn:
    """Say why git could not give us a revision (a GitError), and exit 3."""
    say(f"Error: {error.message}" + (f"\n    hint: {error.hint}" if error.hint else ""))
    raise typer.Exit(EXIT_GIT)


def locate_portfolio(paths: list[Path]) -> tuple[Path, list[str]]:
    """The portfolio root and the portfolio-relative paths to report on ([] = everything)."""
    from partnerkit.settings import find_root

    for path in paths:
        if not path.exists():
            fail([], f"Error: {printable(path)} does not exist.")
    start = paths[0] if paths else Path.cwd()
    root = find_root(start)
    if root is None:
        fail(
            [],
            f"Error: no partnerkit.yaml in {printable(start.resolve())} or any folder above it.\n"
            "Run partnerkit from inside your portfolio, or pass its folder: partnerkit lint path/to/portfolio",
        )
    scope = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            fail([], f"Error: {printable(path)} is not inside the portfolio at {printable(root)}.")
        relative = resolved.relative_to(root).as_posix()
        if relative != ".":
            scope.append(relative)
    return root, scope


def write_file(path: Path, content: str | bytes, within: Path | None = None) -> None:
    """Write atomically (creating the folder); a write that fails is a clear exit 2, never a traceback."""
    from partnerkit.write import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, content, within=within)
    except OSError as error:
        fail([], f"Error: cannot write {printable(path)}: {printable(error.strerror or error)}")


def templates_folder(path: Path | None) -> Path | None:
    """``--templates``: None, or a folder that exists (else a usage error)."""
    if path is not None and not path.is_dir():
        raise typer.BadParameter(f"{printable(path)} is not a folder", param_hint="--templates")
    return path


def deliver(render: Callable[[], str], output: Path | None) -> None:
    """Print the document ``render`` makes, or write it atomically to ``output`` and say so on
    stderr; a user's template that does not parse or render is a clear exit 2, with its file and line."""
    from partnerkit.report.templates import ReportTemplateError

    try:
        text = render()
    except ReportTemplateError as error:
        fail([], f"Error: {printable(error)}")
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(output, text)
    typer.echo(f"Wrote {printable(output)}", err=True)


def chosen_format(kind: str, name: str) -> str:
    """``name`` if results of ``kind`` can be written in it; otherwise a usage error listing the choices."""
    from partnerkit.render.formats import choices, formats

    if name not in formats(kind):
        raise typer.BadParameter(f"{name!r} is not a format; choose {choices(kind)}", param_hint="--format")
    return name


def in_scope(path: str, scope: list[str]) -> bool:
    """Whether a portfolio-relative path lies in what the user named ([] = the whole portfolio)."""
    return not scope or any(path == s or path.startswith(s + "/") for s in scope)


def partnership_in_scope(folder: str, scope: list[str]) -> bool:
    """Whether a partnership is in scope: its folder, or a file inside it, was named."""
    return in_scope(folder, scope) or any(in_scope(s, [folder]) for s in scope)


def assessed(paths: list[Path] | None, as_of: str | None) -> tuple[Any, list, dt.date]:
    """(portfolio, healths of the partnerships in scope, day): lint, then score."""
    from partnerkit.health import assess
    from partnerkit.lint import lint as run_lint
    from partnerkit.load.source import WorkingTree
    from partnerkit.settings import ConfigError, load_config

    day = parse_day(as_of)
    root, scope = locate_portfolio(paths or [])
    try:
        result = run_lint(WorkingTree(root), load_config(root), day)
    except ConfigError as error:
        fail(error.diagnostics)
    portfolio = result.loaded.portfolio
    healths = [h for h in assess(result) if partnership_in_scope(h.partnership.folder, scope)]
    return portfolio, healths, day


def interactive() -> bool:
    """Ask questions only of a person at a terminal, never of a script or CI."""
    return sys.stdin.isatty()


def main() -> None:
    import gc

    gc.disable()  # one short run that allocates many small objects: collection would only cost time
    app()
