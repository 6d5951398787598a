"""A portfolio diff as a pull-request comment: a summary table, then one collapsible section
per partnership.

Every user-written value (ids, names, evidence, titles, paths, messages) is escaped: in
Markdown with ``md_escape`` (shared with the executive report), and inside ``<summary>``, which
GitHub treats as raw HTML where backslash escapes would show, with :func:`html_text`. Neither
can end a table row, inject HTML, mention someone, reference an issue or make a link.

GitHub refuses comments over 65,536 characters, so the output stays under ``limit``: long
values are clipped, long lists are cut with "and N more", and whole partnership sections are
left out from the end with a closing note saying how many. Sections are ordered so that what
a reviewer must see survives: new errors first, then the largest score drops, then by id.
"""

from __future__ import annotations

import html
import re
from typing import TextIO

from partnerkit.diagnostics import Diagnostic
from partnerkit.diff import Change, PartnershipDiff, PortfolioDiff
from partnerkit.render.diff_text import reasons_phrase, score_phrase, where
from partnerkit.render.escaping import clean, md_escape, unlink
from partnerkit.render.formatting import plural

LIMIT = 65_000
MAX_TEXT = 500  # characters of one user value
MAX_ITEMS = 30  # changes or findings listed per list
BAND_EMOJI = {"healthy": "🟢", "watch": "🟡", "at-risk": "🔴", "unknown": "⚪", None: "⚪"}
SEVERITY_EMOJI = {"error": "🔴", "warning": "🟡", "info": "🔵"}
_BREAKS = re.compile(r"\s+")
_MD_PUNCTUATION = re.compile(r"[\\`*_\[\]{}()!|~$]")


def clip(text: str, most: int = MAX_TEXT) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def md(text: str) -> str:
    """User text for Markdown (list items, table cells)."""
    return str(md_escape(clip(text)))


def html_text(text: str) -> str:
    """User text for raw HTML such as ``<summary>``: one line, entities for HTML and for
    Markdown punctuation (inert whether or not the line is read as Markdown), and a zero-width
    space wherever GitHub would otherwise make a mention, issue reference or link."""
    escaped = html.escape(_BREAKS.sub(" ", clean(clip(text))), quote=True)
    escaped = unlink(escaped)
    return _MD_PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", escaped)  # after: these entities hold "#digit"


def render(diff: PortfolioDiff, stream: TextIO, colour: bool = False, limit: int = LIMIT) -> None:
    stream.write(markdown(diff, limit))


def markdown(diff: PortfolioDiff, limit: int = LIMIT) -> str:
    """The whole comment, at most ``limit`` characters."""
    out = _header(diff)
    sections = [_section(p) for p in sorted(diff.partnerships, key=_importance)]
    if len(out) + sum(map(len, sections)) <= limit:
        return out + "".join(sections)
    for shown, section in enumerate(sections):
        after = len(sections) - shown - 1
        if len(out) + len(section) + (len(_note(after, limit)) if after else 0) > limit:
            note = _note(len(sections) - shown, limit)
            # Each kept section left room for this note; only a header over the limit (bounded
            # by MAX_ITEMS and MAX_TEXT, so never at GitHub's size) is cut.
            return out + note if len(out) + len(note) <= limit else out[: limit - len(note)] + note
        out += section
    return out


def _importance(p: PartnershipDiff) -> tuple[int, int, str]:
    errors = sum(1 for d in p.introduced if d.severity.value == "error")
    return (-errors, p.score_delta or 0, p.id)


def _note(left: int, limit: int) -> str:
    return (
        f"\n_{plural(left, 'more partnership')} left out to keep this comment under {limit:,} characters; "
        "run `partnerkit diff` to see every change._\n"
    )


def _header(diff: PortfolioDiff) -> str:
    s = diff.summary
    rows = [
        ("partnerships changed", s.changed),
        ("added", s.added),
        ("removed", s.removed),
        ("renamed", s.renamed),
        ("new errors", s.new_errors),
        ("new findings", s.new_findings),
        ("fixed findings", s.fixed_findings),
    ]
    lines = [
        f"### Partnership changes as of {diff.as_of}",
        "",
        "| | |",
        "|---|---:|",
        *(f"| {k} | {v} |" for k, v in rows),
        "",
    ]
    if s.score_drops:
        lines += ["**Largest score drops**", "", "| partnership | before | after | change |", "|---|---:|---:|---:|"]
        lines += [f"| {md(d.partnership)} | {d.before} | {d.after} | −{d.points} |" for d in s.score_drops]
        lines.append("")
    if diff.changes or diff.introduced or diff.fixed:
        lines += ["**Portfolio**", "", *_changes(diff.changes), *_findings(diff.introduced, diff.fixed)]
    if diff.is_empty:
        lines += ["No changes to any partnership.", ""]
    return "\n".join(lines) + "\n"


def _section(p: PartnershipDiff) -> str:
    errors = sum(1 for d in p.introduced if d.severity.value == "error")
    parts = [f"<b>{html_text(p.id)}</b>"]
    if p.name != p.id:
        parts.append(html_text(p.name))
    parts += [p.state, score_phrase(p).replace("->", "→")]  # numbers and band names only: no user text
    if errors:
        parts.append(plural(errors, "new error"))
    band = p.band_after if p.state != "removed" else p.band_before
    lines = [f"<details><summary>{BAND_EMOJI.get(band, '⚪')} {' · '.join(parts)}</summary>", ""]
    lines += _changes(p.changes)
    if p.state != "removed" and (p.score_delta or p.state == "added"):
        lines += [f"**Score {p.score_after}** ({p.band_after}): {md(reasons_phrase(p.reasons))}", ""]
    lines += _findings(p.introduced, p.fixed)
    lines += ["</details>", "", ""]
    return "\n".join(lines)


def _changes(changes: tuple[Change, ...]) -> list[str]:
    if not changes:
        return []
    lines = [f"- {md(c.text)}" for c in changes[:MAX_ITEMS]]
    return lines + _more(len(changes)) + [""]


def _findings(introduced: tuple[Diagnostic, ...], fixed: tuple[Diagnostic, ...]) -> list[str]:
    lines = []
    for title, found, fixing in (("New findings", introduced, False), ("Fixed findings", fixed, True)):
        if found:
            lines += [f"**{title}**", ""]
            lines += [
                f"- {'✅' if fixing else SEVERITY_EMOJI[d.severity.value]} {d.severity.value} {d.code} "
                f"{md(where(d))}: {md(d.message)}"
                for d in found[:MAX_ITEMS]
            ]
            lines += [*_more(len(found)), ""]
    return lines


def _more(count: int) -> list[str]:
    return [f"- … and {count - MAX_ITEMS} more"] if count > MAX_ITEMS else []
