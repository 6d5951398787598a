"""Every output format of every command, in one table: (what is rendered, format) -> the function
that renders it, imported only when chosen so that start-up stays light.

All the formats of one kind take the same arguments, so a command picks one by name and calls it:

- ``lint``: (Report, stream, colour)
- ``diff``: (PortfolioDiff, stream, colour)
- ``scores``: (healths, summary, as_of, stream, colour)
- ``history``: (points, partnership, as_of, stream, colour)
- ``due``: (items, as_of, within_days, people, stream, colour)
- ``report``: (view model, format, templates folder) -> text
- ``renewal``: (RenewalPack, terminal width or None, templates folder or None) -> text
- ``rules``: (stream, colour)
- ``export``: (rows) -> text
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FORMATS: dict[tuple[str, str], str] = {
    ("lint", "text"): "partnerkit.render.text:render",
    ("lint", "json"): "partnerkit.render.json_format:render",
    ("lint", "github"): "partnerkit.render.github:render",
    ("lint", "sarif"): "partnerkit.render.sarif:render",
    ("lint", "junit"): "partnerkit.render.junit:render",
    ("lint", "gitlab"): "partnerkit.render.gitlab:render",
    ("diff", "text"): "partnerkit.render.diff_text:render",
    ("diff", "markdown"): "partnerkit.render.diff_markdown:render",
    ("diff", "json"): "partnerkit.render.diff_json:render",
    ("scores", "text"): "partnerkit.render.health_text:render_scores",
    ("scores", "json"): "partnerkit.render.health_json:render_scores",
    ("history", "text"): "partnerkit.render.history_text:render_text",
    ("history", "json"): "partnerkit.render.history_text:render_json",
    ("due", "text"): "partnerkit.render.due_text:render_text",
    ("due", "json"): "partnerkit.render.due_text:render_json",
    ("due", "ics"): "partnerkit.render.due_ics:render_ics",
    ("report", "md"): "partnerkit.report.templates:render",
    ("report", "html"): "partnerkit.report.templates:render",
    ("renewal", "md"): "partnerkit.report.renewal_render:render_md",
    ("renewal", "html"): "partnerkit.report.renewal_render:render_html",
    ("renewal", "text"): "partnerkit.report.renewal_render:render_text",
    ("renewal", "json"): "partnerkit.report.renewal_render:render_json",
    ("rules", "text"): "partnerkit.render.rules_table:render_table",
    ("rules", "markdown"): "partnerkit.render.rules_table:render_markdown",
    ("export", "csv"): "partnerkit.author.spreadsheet:to_csv",
}


def formats(kind: str) -> tuple[str, ...]:
    """The formats a kind of result can be written in, in the order help lists them."""
    return tuple(name for k, name in FORMATS if k == kind)


def choices(kind: str) -> str:
    """'text, markdown or json': the formats of a kind, as a sentence ends."""
    names = formats(kind)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def renderer(kind: str, name: str) -> Callable[..., Any]:
    """The function that writes ``kind`` as ``name`` (a KeyError for an unknown pair)."""
    from importlib import import_module

    module, function = FORMATS[(kind, name)].split(":")
    found: Callable[..., Any] = getattr(import_module(module), function)
    return found
