"""Scores and the heat map in the terminal: colour where there is a terminal, letters always."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from partnerkit.health import Health, Summary
from partnerkit.render.console import console as terminal

RAG_LETTER = {"green": "G", "amber": "A", "red": "R", None: "-"}
RAG_STYLE = {"green": "bold black on green", "amber": "bold black on yellow", "red": "bold white on red", None: "dim"}
BAND_STYLE = {"healthy": "green", "watch": "yellow", "at-risk": "red"}


def render_scores(healths: list[Health], summary: Summary, as_of: dt.date, stream: TextIO, colour: bool) -> None:
    from rich.markup import escape

    console = terminal(stream, colour, None if colour else 200)
    for h in healths:
        s, m = h.score, h.maturity
        console.print(
            f"[bold]{escape(h.partnership.id)}[/]  [{BAND_STYLE[s.band]}]{s.value:3d} {s.band}[/]  maturity {m.level} {m.name}"
        )
        console.print(f"    {escape(s.explain())}")
        if m.missing:
            console.print(f"    [dim]to reach level {m.level + 1}:[/] {escape('; '.join(m.missing))}")
    console.print("\n" + summary_line(summary, len(healths)))


def summary_line(summary: Summary, count: int) -> str:
    def listed(counts: dict[str, int]) -> str:
        return ", ".join(f"{key} {n}" for key, n in counts.items())

    weakest = f"; weakest bucket: {summary.weakest_bucket}" if summary.weakest_bucket else ""
    return (
        f"Portfolio: {count} partnership{'s' if count != 1 else ''}; scores: {listed(summary.by_band)}; "
        f"stages: {listed(summary.by_stage)}; tiers: {listed(summary.by_tier)}; ratings: {listed(summary.by_rag)}{weakest}."
    )


def render_heat_map(healths: list[Health], buckets: list[str], summary: Summary, stream: TextIO, colour: bool) -> None:
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD if colour else None, show_edge=False, pad_edge=False)
    for column in ("partnership", "tier", "stage", "owner"):
        table.add_column(column)
    for bucket in buckets:
        table.add_column(bucket[:8], justify="center")
    table.add_column("score", justify="right")
    table.add_column("maturity")
    for h in healths:
        who = h.identity
        cells = [f"[{RAG_STYLE[h.rag(b)]}] {RAG_LETTER[h.rag(b)]} [/]" for b in buckets]
        table.add_row(
            escape(h.partnership.id),
            escape(who["tier"]),
            escape(who["stage"]),
            escape(who["owner"]),
            *cells,
            f"[{BAND_STYLE[h.score.band]}]{h.score.value}[/]",
            f"{h.maturity.level} {h.maturity.name}",
        )
    console = terminal(stream, colour, None if colour else 200)
    console.print(table)
    console.print("\nG green  A amber  R red  - not rated\n" + summary_line(summary, len(healths)))
