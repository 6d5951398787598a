"""A portfolio diff in the terminal: a summary line, then each partnership's changes in words.

Every line is a rich ``Text`` built with ``layout.line``, so what people wrote (names, titles,
evidence, paths) is shown through ``terminal_text.visible`` and never read as markup: a partner
name with ``[bold]`` or an ESC in it prints as written. Long lines wrap at the terminal's width
with a hanging indent; piped output is never wrapped. The phrase helpers here are shared with
the Markdown renderer, so both say the same thing in the same words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from partnerkit.diagnostics import Diagnostic
from partnerkit.diff import DiffSummary, PartnershipDiff, PortfolioDiff
from partnerkit.health.score import Reason
from partnerkit.render.console import console as terminal
from partnerkit.render.formatting import plural
from partnerkit.render.layout import line, print_lines, width_of, wrap_all

if TYPE_CHECKING:
    from rich.text import Text

STATE_STYLE = {"added": "green", "removed": "red", "renamed": "cyan", "changed": "yellow"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def summary_line(summary: DiffSummary) -> str:
    """'3 partnerships changed, 1 added, ...; 2 new errors, 4 new findings, 1 fixed.'"""
    if not (
        summary.changed
        or summary.added
        or summary.removed
        or summary.renamed
        or summary.new_findings
        or summary.fixed_findings
    ):
        return "No changes to any partnership."
    counts = [
        f"{plural(summary.changed, 'partnership')} changed",
        f"{summary.added} added",
        f"{summary.removed} removed",
        f"{summary.renamed} renamed",
    ]
    findings = [
        plural(summary.new_errors, "new error"),
        plural(summary.new_findings, "new finding"),
        f"{summary.fixed_findings} fixed",
    ]
    return f"{', '.join(counts)}; {', '.join(findings)}."


def score_phrase(p: PartnershipDiff) -> str:
    """'score 80 -> 64 (-16; healthy -> watch)', 'score 64 (watch)' when unchanged or one-sided."""
    if p.score_before is None and p.score_after is None:
        return "no score"
    if p.score_before is None or p.score_after is None:
        value = p.score_after if p.score_after is not None else p.score_before
        band = p.band_after or p.band_before
        return f"score {value} ({band})"
    band = p.band_after if p.band_before == p.band_after else f"{p.band_before} -> {p.band_after}"
    if p.score_before == p.score_after:
        return f"score {p.score_after} ({band})"
    return f"score {p.score_before} -> {p.score_after} ({p.score_delta:+d}; {band})"


def reasons_phrase(reasons: tuple[Reason, ...]) -> str:
    """What costs the head's score its points, as ``partnerkit score`` says it."""
    return "; ".join(f"{r.text} -{r.points:g}" for r in reasons) or "nothing found against it"


def where(d: Diagnostic) -> str:
    return f"{d.path}:{d.line}" if d.line else d.path


def render(diff: PortfolioDiff, stream: TextIO, colour: bool = False) -> None:
    print_lines(terminal(stream, colour), wrap_all(lines(diff, colour), width_of(stream)))


def lines(diff: PortfolioDiff, colour: bool) -> list[Text]:
    out = [line(("Portfolio diff", "bold"), f" as of {diff.as_of}: ", summary_line(diff.summary), colour=colour)]
    if diff.summary.score_drops:
        drops = ", ".join(f"{d.partnership} {d.before} -> {d.after} (-{d.points})" for d in diff.summary.score_drops)
        out.append(line(f"Largest score drops: {drops}"))
    if diff.changes or diff.introduced or diff.fixed:
        out += [line(""), line(("portfolio", "bold"), colour=colour)]
        out += [line("  ", c.text) for c in diff.changes]
        out += _findings(diff.introduced, diff.fixed, colour)
    for p in diff.partnerships:
        name = ("  ", p.name) if p.name != p.id else ()
        out += [
            line(""),
            line((p.id, "bold"), *name, "  ", (p.state, STATE_STYLE[p.state]), "  ", score_phrase(p), colour=colour),
        ]
        out += [line("  ", c.text) for c in p.changes]
        if p.state != "removed" and (p.score_delta or p.state == "added"):
            out.append(line("  ", ("score reasons:", "dim"), " ", reasons_phrase(p.reasons), colour=colour))
        out += _findings(p.introduced, p.fixed, colour)
    return out


def _findings(introduced: tuple[Diagnostic, ...], fixed: tuple[Diagnostic, ...], colour: bool) -> list[Text]:
    out = []
    for label, found in (("new", introduced), ("fixed", fixed)):
        for d in found:
            style = SEVERITY_STYLE[d.severity.value] if label == "new" else "green"
            out.append(
                line(
                    "  ",
                    (f"{label} {d.severity.value}", style),
                    f" {d.code} ",
                    where(d),
                    "  ",
                    d.message,
                    colour=colour,
                )
            )
    return out
