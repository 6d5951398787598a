"""The rule catalogue in the terminal (a table) or as Markdown (docs/rules.md)."""

from __future__ import annotations

from typing import TextIO

from partnerkit.render.console import console


def render_table(stream: TextIO, colour: bool = False) -> None:
    from rich.table import Table

    from partnerkit.rules import REGISTRY

    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("code", "name", "severity", "checks"):
        table.add_column(column)
    for rule in REGISTRY.values():
        table.add_row(rule.code, rule.name, rule.severity.value, rule.summary)
    console(stream, colour).print(table)


def render_markdown(stream: TextIO, colour: bool = False) -> None:
    from partnerkit.rules.docs import catalogue_markdown

    stream.write(catalogue_markdown())
