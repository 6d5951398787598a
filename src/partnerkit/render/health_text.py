"""Scores and the heat map in the terminal: colour where there is a terminal, letters always.

Both lay out to the reader's width (``layout.width_of``: ``COLUMNS``, else the terminal's;
piped output is never shortened). The heat map never cuts an id short. To fit, it first
writes the bucket headers as their shortest distinct beginnings (``A B E M S O``) with a
legend, then the maturity column as its level alone, then leaves out the tier, stage and owner
columns in that order, saying which; only then does it wrap the partnership id. Every value
people wrote (ids, names, tiers, buckets, reasons) is shown through ``terminal_text.visible``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TextIO

from partnerkit.health import Health, Summary
from partnerkit.health.maturity import LEVELS
from partnerkit.health.roi import Roi
from partnerkit.render.console import console as terminal
from partnerkit.render.layout import (
    Column,
    abbreviations,
    line,
    packed,
    print_lines,
    table,
    table_width,
    width_of,
    wrap_all,
)

if TYPE_CHECKING:
    from rich.text import Text

RAG_LETTER = {"green": "G", "amber": "A", "red": "R", None: "-"}
RAG_STYLE = {"green": "bold black on green", "amber": "bold black on yellow", "red": "bold white on red", None: "dim"}
STALE_STYLE = {"green": "green", "amber": "yellow", "red": "red", None: "dim"}
BAND_STYLE = {"healthy": "green", "watch": "yellow", "at-risk": "red", "unknown": "magenta"}
LEGEND = (
    "G green",
    "A amber",
    "R red",
    "- not rated",
    "G? stale (not updated lately)",
    "85? score of a partnership with too little evidence to band",
)
OPTIONAL = ("tier", "stage", "owner")
"""The heat map's columns that may be left out to fit a narrow terminal, first left out first."""


def cell(h: Health, bucket: str, colour: bool) -> str:
    """' G ', or ' G?' for a stale rating, as markup: drawn faint, never as a solid colour."""
    text, style = cell_parts(h, bucket)
    return f"[{style}]{text}[/]" if colour else text


def cell_parts(h: Health, bucket: str) -> tuple[str, str]:
    """(' G ', its style), or (' G?', a faint style) for a stale rating."""
    rag = h.rag(bucket)
    stale = h.stale(bucket) and rag is not None
    return f" {RAG_LETTER[rag]}{'?' if stale else ' '}", (STALE_STYLE if stale else RAG_STYLE)[rag]


def band_words(h: Health) -> str:
    """'healthy', or 'unknown (not enough evidence: 2 of 6 buckets backed by current facts)'."""
    s, e = h.score, h.evidence
    if s.band != "unknown":
        return s.band
    return f"unknown (not enough evidence: {len(e.covered)} of {e.buckets} buckets backed by current facts)"


def render_scores(healths: list[Health], summary: Summary, as_of: dt.date, stream: TextIO, colour: bool) -> None:
    print_lines(terminal(stream, colour), wrap_all(score_lines(healths, summary, colour), width_of(stream)))


def score_lines(healths: list[Health], summary: Summary, colour: bool) -> list[Text]:
    lines = []
    for h in healths:
        s, m = h.score, h.maturity
        lines.append(
            line(
                (h.partnership.id, "bold"),
                "  ",
                (f"{s.value:3d} {band_words(h)}", BAND_STYLE[s.band]),
                f"  evidence {s.coverage:.0%}  maturity {m.level} {m.name}",
                colour=colour,
            )
        )
        lines.append(line("    ", s.explain(), colour=colour))
        if h.roi is not None:
            lines.append(line("    ", roi_words(h.roi), colour=colour))
        if m.missing:
            lines.append(
                line("    ", (f"to reach level {m.level + 1}:", "dim"), " ", "; ".join(m.missing), colour=colour)
            )
    lines += [line(""), line(summary_line(summary, len(healths), money=True))]
    return lines


def roi_words(roi: Roi) -> str:
    """'ROI 300% (value 800k EUR, cost 200k EUR, 2026-03-31 to 2026-11-25): value: 1 entry, 800k EUR; ...'."""
    return f"{roi.words()}: {'; '.join(roi.inputs)}" if roi.inputs else roi.words()


def summary_line(summary: Summary, count: int, money: bool = False) -> str:
    """The portfolio in one line; with ``money``, its ROI too (total, by tier, concentration)."""

    def listed(counts: dict[str, int]) -> str:
        return ", ".join(f"{key} {n}" for key, n in counts.items())

    weakest = f"; weakest bucket: {summary.weakest_bucket}" if summary.weakest_bucket else ""
    roi = f" {summary.roi.words()}." if money and summary.roi else ""
    return (
        f"Portfolio: {count} partnership{'s' if count != 1 else ''}; scores: {listed(summary.by_band)}; "
        f"stages: {listed(summary.by_stage)}; tiers: {listed(summary.by_tier)}; "
        f"ratings: {listed(summary.by_rag)}{weakest}.{roi}"
    )


def render_heat_map(healths: list[Health], buckets: list[str], summary: Summary, stream: TextIO, colour: bool) -> None:
    print_lines(terminal(stream, colour), heat_map_lines(healths, buckets, summary, colour, width_of(stream)))


def heat_map_lines(
    healths: list[Health], buckets: list[str], summary: Summary, colour: bool, width: int | None
) -> list[Text]:
    """The heat map laid out for ``width`` columns (None: no limit), with its legends."""
    for short_headers, short_maturity, dropped in _plans():
        columns = _columns(healths, buckets, colour, short_headers, short_maturity, dropped)
        if width is None or table_width(columns) <= width:
            break
    lines = [*table(columns, colour, width), line("")]
    lines += packed(LEGEND, width)
    if short_headers:
        lines += packed(_named("buckets:", zip(abbreviations(buckets), buckets, strict=True)), width)
    if short_maturity:
        lines += packed(_named("mat: maturity level", enumerate(LEVELS, start=1)), width)
    if dropped:
        note = f"left out to fit {width} columns: {', '.join(dropped)} (a wider terminal, or piped output, shows them)"
        lines += wrap_all([line(note)], width)
    return lines + wrap_all([line(summary_line(summary, len(healths)))], width)


def _named(title: str, pairs: Any) -> list[str]:
    """Legend items: the title joined to the first ('buckets: A Align', 'B Build', ...)."""
    items = [f"{short} {name}" for short, name in pairs]
    return [f"{title} {items[0]}", *items[1:]] if items else [title]


def _plans() -> list[tuple[bool, bool, tuple[str, ...]]]:
    """(short bucket headers, maturity as its level only, columns left out), widest first."""
    return [
        (False, False, ()),
        (True, False, ()),
        (True, True, ()),
        *((True, True, OPTIONAL[: i + 1]) for i in range(len(OPTIONAL))),
    ]


def _columns(
    healths: list[Health],
    buckets: list[str],
    colour: bool,
    short_headers: bool,
    short_maturity: bool,
    dropped: tuple[str, ...],
) -> list[Column]:
    columns = [Column("partnership", [h.partnership.id for h in healths], wrap=True)]
    columns += [Column(name, [h.identity[name] for h in healths]) for name in OPTIONAL if name not in dropped]
    headers = abbreviations(buckets) if short_headers else buckets
    for i, (bucket, header) in enumerate(zip(buckets, headers, strict=True)):
        parts = [cell_parts(h, bucket) for h in healths]
        columns.append(
            Column(
                header,
                [text for text, _ in parts],
                [style for _, style in parts],
                justify="center",
                gap=1 if short_headers and i else 2,
            )
        )
    columns.append(
        Column(
            "score",
            [f"{h.score.value}{'?' if h.score.band == 'unknown' else ''}" for h in healths],
            [BAND_STYLE[h.score.band] for h in healths],
            justify="right",
        )
    )
    maturity = [str(h.maturity.level) if short_maturity else f"{h.maturity.level} {h.maturity.name}" for h in healths]
    columns.append(
        Column("mat" if short_maturity else "maturity", maturity, justify="right" if short_maturity else "left")
    )
    return columns
