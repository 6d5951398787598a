"""Scores and the heat map in the terminal: colour where there is a terminal, letters always."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from partnerkit.health import Health, Summary
from partnerkit.render.console import console as terminal

RAG_LETTER = {"green": "G", "amber": "A", "red": "R", None: "-"}
RAG_STYLE = {"green": "bold black on green", "amber": "bold black on yellow", "red": "bold white on red", None: "dim"}
STALE_STYLE = {"green": "green", "amber": "yellow", "red": "red", None: "dim"}
BAND_STYLE = {"healthy": "green", "watch": "yellow", "at-risk": "red", "unknown": "magenta"}


def cell(h: Health, bucket: str, colour: bool) -> str:
    """' G ', or ' G?' for a stale rating: drawn faint, never as a solid colour."""
    rag = h.rag(bucket)
    stale = h.stale(bucket) and rag is not None
    text = f" {RAG_LETTER[rag]}{'?' if stale else ' '}"
    return f"[{(STALE_STYLE if stale else RAG_STYLE)[rag]}]{text}[/]" if colour else text


def band_words(h: Health) -> str:
    """'healthy', or 'unknown (not enough evidence: 2 of 6 buckets backed by current facts)'."""
    s, e = h.score, h.evidence
    if s.band != "unknown":
        return s.band
    return f"unknown (not enough evidence: {len(e.covered)} of {e.buckets} buckets backed by current facts)"


def render_scores(healths: list[Health], summary: Summary, as_of: dt.date, stream: TextIO, colour: bool) -> None:
    from rich.markup import escape

    console = terminal(stream, colour, None if colour else 200)
    for h in healths:
        s, m = h.score, h.maturity
        console.print(
            f"[bold]{escape(h.partnership.id)}[/]  [{BAND_STYLE[s.band]}]{s.value:3d} {band_words(h)}[/]  "
            f"evidence {s.coverage:.0%}  maturity {m.level} {m.name}"
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
        f"stages: {listed(summary.by_stage)}; tiers: {listed(summary.by_tier)}; "
        f"ratings: {listed(summary.by_rag)}{weakest}."
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
        cells = [cell(h, b, colour) for b in buckets]
        table.add_row(
            escape(h.partnership.id),
            escape(who["tier"]),
            escape(who["stage"]),
            escape(who["owner"]),
            *cells,
            f"[{BAND_STYLE[h.score.band]}]{h.score.value}{'?' if h.score.band == 'unknown' else ''}[/]",
            f"{h.maturity.level} {h.maturity.name}",
        )
    console = terminal(stream, colour, None if colour else 200)
    console.print(table)
    console.print(
        "\nG green  A amber  R red  - not rated  G? stale (not updated lately)  "
        "85? score of a partnership with too little evidence to band\n" + summary_line(summary, len(healths))
    )
