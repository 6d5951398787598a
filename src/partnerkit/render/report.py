"""The executive report as Markdown or as one self-contained HTML file, from ``partnerkit.report``'s view model.

Templates: ``report/report.md.j2`` and ``report/report.html.j2`` (with partials beside them), looked
up first in the user's ``--templates DIR`` and then in the shipped ``templates/``. Both receive
``report`` (a :class:`partnerkit.report.Report`).

Escaping is on by default in both formats, so a template cannot forget it:

- HTML is autoescaped by Jinja. Before escaping, every value loses control characters and
  bidirectional overrides (``clean``). Links are made only from ``safe_url``: http, https and
  mailto; anything else (``javascript:``, ``data:``, relative paths) is shown as text.
- Markdown output goes through ``md_escape`` for every ``{{ value }}`` (the environment's
  ``finalize``), unless a filter already returned ``Markup``. It turns line breaks into spaces
  (so a value cannot end a table row), escapes Markdown punctuation and ``|``, writes ``< > &``
  as entities, and puts a zero-width space (``&#8203;``) where GitHub would otherwise make a
  link: after every ``@`` (mentions, emails), between ``#`` and a digit (issue references),
  inside ``://`` and after ``www``. Backslash escapes alone do not stop GitHub's mentions and
  issue references, which are found in the text after Markdown is parsed.

Charts are inline SVG drawn here from numbers only; user text never goes into an SVG.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from pathlib import Path
from typing import Any, Optional

from markupsafe import Markup

from partnerkit import numbers
from partnerkit.report import BAR_MAX, AgreementView, KpiView, Report, RiskMatrix
from partnerkit.resources import templates_dir

FORMATS = ("md", "html")
TEMPLATES = {"md": "report/report.md.j2", "html": "report/report.html.j2"}


class ReportTemplateError(Exception):
    """A (user's) template could not be found, parsed or rendered."""


# --- text -----------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BREAKS = re.compile("[\t\n\v\f\r\x85\u2028\u2029]")
_SPACES = re.compile(" {2,}")
_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]{}()!|~$])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_BLOCK_START = re.compile(r"^( ?)([-+=#])|^( ?\d+)\.(?= |$)")
_LINKABLE = re.compile(r"@|#(?=\d)|:(?=//)|(?i:www)(?=\.)|(?i:gh)-(?=\d)")
ZERO_WIDTH_SPACE = "&#8203;"


def clean(text: str) -> str:
    """Text without control characters or bidirectional overrides (line breaks and tabs stay)."""
    return _INVISIBLE.sub("", text)


def md_escape(value: Any) -> Markup:
    """Any value as inline Markdown text that renders as exactly that text, on one line, and
    cannot break a table, start a block, or become a link, mention or issue reference."""
    if isinstance(value, Markup):
        return value
    text = _SPACES.sub(" ", _BREAKS.sub(" ", clean(str(value))))
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    text = _MD_PUNCTUATION.sub(r"\\\1", text)
    text = _MD_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2) else m.group(3) + "\\.", text)
    text = _LINKABLE.sub(lambda m: m.group() + ZERO_WIDTH_SPACE, text)
    return Markup(text)


def safe_url(value: Any) -> str:
    """The URL when it is an absolute http(s) URL with a host, or a mailto: address; else ''."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if not url or any(ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in url) or _INVISIBLE.search(url):
        return ""
    scheme, colon, rest = url.partition(":")
    if not colon:
        return ""
    scheme = scheme.lower()
    if scheme in ("http", "https"):
        try:
            parts = urllib.parse.urlsplit(url)
        except ValueError:
            return ""
        return url if rest.startswith("//") and parts.hostname else ""
    if scheme == "mailto":
        return url if len(rest) > 0 and "@" in rest else ""
    return ""


def md_url(value: Any) -> Markup:
    """A safe URL for a Markdown link destination: only characters that cannot end the link,
    the table cell or the line; '' when the URL may not be a link."""
    url = safe_url(value)
    return Markup(urllib.parse.quote(url, safe="-._~:/?#@!$&*+,;=%")) if url else Markup("")


def number(value: Any) -> str:
    """A measurement for people (typographic minus; an en dash when there is none)."""
    return "–" if value is None else numbers.compact(value, minus="−")


def with_unit(value: Any, unit: str) -> str:
    return "–" if value is None else numbers.with_unit(value, unit, minus="−")


def percent(value: Optional[float]) -> str:
    return "–" if value is None else f"{float(value) * 100:.0f}%"


def points(value: float) -> str:
    return f"−{float(value):g}"


def days(n: Optional[int]) -> str:
    if n is None:
        return ""
    n = int(n)
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n == -1:
        return "yesterday"
    return f"in {n} days" if n > 0 else f"{-n} days ago"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def long_date(value: dt.date) -> str:
    """25 Nov 2026, the same in every locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def text_bar(value: Optional[float], width: int = 10) -> str:
    """A Markdown-friendly progress bar of block characters: ██████░░░░ for 0.6."""
    if value is None:
        return ""
    filled = round(min(max(float(value), 0.0), 1.0) * width)
    return "█" * filled + "░" * (width - filled)


# --- SVG charts (numbers only) --------------------------------------------------------------

RAG_FILL = {"green": "#2da44e", "amber": "#d4a72c", "red": "#cf222e", "unrated": "#afb8c1"}
BAND_FILL = {"healthy": "#2da44e", "watch": "#d4a72c", "at-risk": "#cf222e"}


def _f(x: float) -> str:
    return f"{float(x):.1f}".rstrip("0").rstrip(".")


def _svg(width: float, height: float, body: str, label: str, cls: str, extra: str = "") -> Markup:
    return Markup(
        f'<svg class="{cls}" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        f'role="img" aria-label="{Markup.escape(label)}" focusable="false"{extra}>{body}</svg>'
    )


def kpi_bar(kpi: KpiView) -> Markup:
    """Progress from baseline (left) towards the target (the marker), up to BAR_MAX."""
    width, height = 160.0, 14.0
    target_x = width / BAR_MAX
    body = f'<rect x="0" y="3" width="{_f(width)}" height="8" rx="4" fill="#eaeef2"/>'
    if kpi.bar is not None:
        colour = "#2da44e" if kpi.met else "#bf8700" if kpi.bar < 0.5 else "#0969da"
        fill = max(float(kpi.bar) / BAR_MAX * width, 3.0)
        body += f'<rect x="0" y="3" width="{_f(fill)}" height="8" rx="4" fill="{colour}"/>'
    body += f'<rect x="{_f(target_x - 1)}" y="0" width="2" height="{_f(height)}" fill="#1f2328"/>'
    label = "no progress to show" if kpi.attainment is None else f"{float(kpi.attainment) * 100:.0f}% of the way to target"
    return _svg(width, height, body, label, "chart kpi-bar")


def sparkline(values: tuple[float, ...] | list[float]) -> Markup:
    width, height, pad = 72.0, 20.0, 3.0
    numbers = [float(v) for v in values]
    if not numbers:
        return Markup("")
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(numbers) - 1, 1)
    points_ = [(pad + i * step if len(numbers) > 1 else width / 2, height - pad - (v - low) / span * (height - 2 * pad)
                if high != low else height / 2) for i, v in enumerate(numbers)]
    body = ""
    if len(points_) > 1:
        path = " ".join(f"{_f(x)},{_f(y)}" for x, y in points_)
        body += f'<polyline points="{path}" fill="none" stroke="#57606a" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>'
    x, y = points_[-1]
    body += f'<circle cx="{_f(x)}" cy="{_f(y)}" r="2.5" fill="#0969da"/>'
    return _svg(width, height, body, f"trend of the last {len(numbers)} measurements", "chart sparkline")


def _exposure_fill(exposure: int) -> str:
    if exposure >= 15:
        return "#ffcecb"
    if exposure >= 10:
        return "#ffe2bd"
    if exposure >= 5:
        return "#fff1b3"
    return "#d8f3dc"


def risk_matrix(matrix: RiskMatrix) -> Markup:
    """5x5: likelihood up, impact across; each cell tinted by exposure, with the count of open risks."""
    cell, left, bottom, top = 30.0, 30.0, 30.0, 4.0
    size = 5 * cell
    body = []
    for likelihood in range(1, 6):
        y = top + (5 - likelihood) * cell
        for impact in range(1, 6):
            x = left + (impact - 1) * cell
            count = int(matrix.count(likelihood, impact))
            body.append(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(cell)}" height="{_f(cell)}" fill="{_exposure_fill(likelihood * impact)}" '
                        f'stroke="#ffffff" stroke-width="2"/>')
            if count:
                cx, cy = x + cell / 2, y + cell / 2
                body.append(f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="10" fill="#1f2328"/>'
                            f'<text x="{_f(cx)}" y="{_f(cy + 4)}" text-anchor="middle" class="count" '
                            f'data-likelihood="{likelihood}" data-impact="{impact}">{count}</text>')
        body.append(f'<text x="{_f(left - 8)}" y="{_f(y + cell / 2 + 4)}" text-anchor="end" class="tick">{likelihood}</text>')
    for impact in range(1, 6):
        body.append(f'<text x="{_f(left + (impact - 0.5) * cell)}" y="{_f(top + size + 14)}" text-anchor="middle" class="tick">{impact}</text>')
    body.append(f'<text x="{_f(left + size / 2)}" y="{_f(top + size + 28)}" text-anchor="middle" class="axis">impact →</text>')
    body.append(f'<text transform="translate(9 {_f(top + size / 2)}) rotate(-90)" text-anchor="middle" class="axis">likelihood →</text>')
    total = sum(sum(row) for row in matrix.counts)
    return _svg(left + size + 4, top + size + bottom + 2, "".join(body),
                f"risk matrix: {total} open risks, highest exposure {int(matrix.highest)}", "chart risk-matrix",
                f' data-open="{total}"')


def timeline_window(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The span every agreement timeline shares: from the start of last year, five years on."""
    return dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year + 4, 1, 1)


_TL_WIDTH, _TL_HEIGHT = 360.0, 22.0


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    share = (day - start).days / (end - start).days
    return min(max(share, 0.0), 1.0) * _TL_WIDTH


def _years(start: dt.date, end: dt.date) -> list[dt.date]:
    return [dt.date(y, 1, 1) for y in range(start.year + 1, end.year)]


def timeline_axis(as_of: dt.date) -> Markup:
    start, end = timeline_window(as_of)
    body = []
    for year in [start, *_years(start, end)]:
        x = _x(year, start, end)
        body.append(f'<text x="{_f(x + 3)}" y="13" class="tick">{year.year}</text>')
        body.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="2" y2="18" stroke="#d0d7de"/>')
    return _svg(_TL_WIDTH, 18, "".join(body), f"years {start.year} to {end.year - 1}", "chart timeline-axis")


def timeline(agreement: AgreementView, as_of: dt.date) -> Markup:
    """The agreement's term as a bar, its renewal decision window shaded (amber when undecided,
    green when decided), the notice deadline as a diamond, and today as a dark line."""
    start, end = timeline_window(as_of)
    a = agreement
    mid = _TL_HEIGHT / 2
    body = [f'<line x1="{_f(_x(y, start, end))}" x2="{_f(_x(y, start, end))}" y1="0" y2="{_f(_TL_HEIGHT)}" stroke="#eaeef2"/>'
            for y in _years(start, end)]
    begin = a.effective or a.signed
    in_force = a.status == "signed"
    if begin is not None:
        x0 = _x(begin, start, end)
        x1 = _x(a.expiry, start, end) if a.expiry else _TL_WIDTH
        colour = "#8c959f" if in_force else "#d0d7de"
        body.append(f'<rect x="{_f(x0)}" y="{_f(mid - 4)}" width="{_f(max(x1 - x0, 2))}" height="8" rx="2" fill="{colour}" class="term"/>')
        if a.expiry is None:  # open-ended
            body.append(f'<path d="M{_f(_TL_WIDTH - 7)} {_f(mid - 6)} L{_f(_TL_WIDTH - 1)} {_f(mid)} L{_f(_TL_WIDTH - 7)} {_f(mid + 6)}" '
                        f'fill="none" stroke="{colour}" stroke-width="2"/>')
    else:  # not signed yet: a dashed placeholder from today
        x0 = _x(as_of, start, end)
        body.append(f'<line x1="{_f(x0)}" x2="{_f(min(x0 + 60, _TL_WIDTH))}" y1="{_f(mid)}" y2="{_f(mid)}" stroke="#8c959f" '
                    f'stroke-width="2" stroke-dasharray="4 3"/>')
    if in_force and a.window_opens and a.notice_by and a.expiry:
        w0, w1 = _x(a.window_opens, start, end), _x(a.notice_by, start, end)
        decided = bool(a.decision)
        shade = "#2da44e" if decided else "#d4a72c"
        if w1 > w0:
            body.append(f'<rect x="{_f(w0)}" y="1" width="{_f(w1 - w0)}" height="{_f(_TL_HEIGHT - 2)}" rx="2" fill="{shade}" '
                        f'fill-opacity="0.28" stroke="{shade}" stroke-opacity="0.7" class="renewal-window"/>')
        if 0 < w1 < _TL_WIDTH:
            late = not decided and a.notice_by < as_of
            colour = "#cf222e" if late else "#9a6700" if not decided else "#1a7f37"
            body.append(f'<path d="M{_f(w1)} {_f(mid - 6)} L{_f(w1 + 5)} {_f(mid)} L{_f(w1)} {_f(mid + 6)} L{_f(w1 - 5)} {_f(mid)} Z" '
                        f'fill="{colour}" class="notice"/>')
        xe = _x(a.expiry, start, end)
        if 0 < xe < _TL_WIDTH:
            body.append(f'<rect x="{_f(xe - 1)}" y="2" width="2" height="{_f(_TL_HEIGHT - 4)}" fill="#57606a"/>')
    today = _x(as_of, start, end)
    body.append(f'<rect x="{_f(today - 0.75)}" y="0" width="1.5" height="{_f(_TL_HEIGHT)}" fill="#1f2328" class="today"/>')
    label = f"term {begin or 'not signed'} to {a.expiry or 'open-ended'}"
    if a.notice_by:
        label += f"; notice by {a.notice_by}; decision window from {a.window_opens}"
    return _svg(_TL_WIDTH, _TL_HEIGHT, "".join(body), label, "chart timeline")


def score_bar(value: int, band: str) -> Markup:
    width = 100.0
    v = min(max(int(value), 0), 100)
    body = (f'<rect x="0" y="2" width="{_f(width)}" height="8" rx="4" fill="#eaeef2"/>'
            f'<rect x="0" y="2" width="{_f(max(v, 2))}" height="8" rx="4" fill="{BAND_FILL.get(str(band), "#8c959f")}"/>')
    return _svg(width, 12, body, f"score {v} of 100", "chart score-bar")


def points_bar(value: float, most: float = 15.0) -> Markup:
    width = 60.0
    share = min(max(float(value), 0.0) / most, 1.0) if most else 0.0
    body = (f'<rect x="0" y="3" width="{_f(width)}" height="6" rx="3" fill="#f6f8fa"/>'
            f'<rect x="0" y="3" width="{_f(max(share * width, 2))}" height="6" rx="3" fill="#d1242f" fill-opacity="0.75"/>')
    return _svg(width, 12, body, f"{float(value):g} points", "chart points-bar")


def maturity_dots(level: int) -> Markup:
    body = "".join(
        f'<circle cx="{7 + i * 14}" cy="7" r="5" fill="{"#0969da" if i < int(level) else "#ffffff"}" stroke="#0969da" stroke-width="1.5"/>'
        for i in range(5)
    )
    return _svg(70, 14, body, f"maturity level {int(level)} of 5", "chart maturity")


def rag_bar(counts: dict[str, int]) -> Markup:
    """One stacked bar of green, amber, red and unrated counts."""
    width, height = 240.0, 14.0
    total = sum(int(counts.get(k, 0)) for k in RAG_FILL) or 1
    x, body = 0.0, []
    for key, colour in RAG_FILL.items():
        n = int(counts.get(key, 0))
        if n:
            w = n / total * width
            body.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{_f(height)}" fill="{colour}"/>')
            x += w
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in RAG_FILL)
    return _svg(width, height, "".join(body), label, "chart rag-bar")


def band_bar(counts: dict[str, int]) -> Markup:
    width, height = 240.0, 14.0
    total = sum(int(v) for v in counts.values()) or 1
    x, body = 0.0, []
    for key, colour in BAND_FILL.items():
        n = int(counts.get(key, 0))
        if n:
            w = n / total * width
            body.append(f'<rect x="{_f(x)}" y="0" width="{_f(w)}" height="{_f(height)}" fill="{colour}"/>')
            x += w
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in BAND_FILL)
    return _svg(width, height, "".join(body), label, "chart band-bar")


def swatch(colour: str, shape: str = "box") -> Markup:
    """A legend key (colour chosen by the template from a fixed set)."""
    fill = {"term": "#8c959f", "window": "#d4a72c", "decided": "#2da44e", "notice": "#9a6700", "today": "#1f2328",
            "target": "#1f2328", "progress": "#0969da", "met": "#2da44e", "behind": "#bf8700"}.get(colour, "#8c959f")
    if shape == "line":
        body = f'<rect x="6" y="0" width="2" height="14" fill="{fill}"/>'
    elif shape == "diamond":
        body = f'<path d="M7 1 L13 7 L7 13 L1 7 Z" fill="{fill}"/>'
    elif shape == "window":
        body = f'<rect x="0" y="1" width="14" height="12" rx="2" fill="{fill}" fill-opacity="0.28" stroke="{fill}" stroke-opacity="0.7"/>'
    else:
        body = f'<rect x="0" y="3" width="14" height="8" rx="2" fill="{fill}"/>'
    return _svg(14, 14, body, "", "chart swatch", ' aria-hidden="true"')


# --- environments ---------------------------------------------------------------------------

def _md_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return md_escape(value)


def _html_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return clean(value)
    return value


def environment(output_format: str, custom: Optional[Path] = None) -> Any:
    """The Jinja environment for ``md`` or ``html``: the user's folder first, then the shipped templates."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = [FileSystemLoader(custom)] if custom else []
    html = output_format == "html"
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(templates_dir())]),
        autoescape=html,  # every HTML template, whatever its name; Markdown escapes through finalize
        finalize=_html_finalize if html else _md_finalize,
        undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update({
        "md": md_escape, "safe_url": safe_url, "md_url": md_url, "number": number, "with_unit": with_unit,
        "percent": percent, "points": points, "days": days, "long_date": long_date, "text_bar": text_bar,
    })
    env.globals.update({
        "kpi_bar": kpi_bar, "sparkline": sparkline, "risk_matrix": risk_matrix, "timeline": timeline,
        "timeline_axis": timeline_axis, "score_bar": score_bar, "points_bar": points_bar, "maturity_dots": maturity_dots,
        "rag_bar": rag_bar, "band_bar": band_bar, "swatch": swatch,
        "RAG_EMOJI": {"green": "🟢", "amber": "🟡", "red": "🔴", None: "⚪"},
        "BAND_EMOJI": {"healthy": "🟢", "watch": "🟡", "at-risk": "🔴"},
        "SEVERITY_EMOJI": {"error": "🔴", "warning": "🟡", "info": "🔵"},
    })
    return env


def render(report: Report, output_format: str, custom: Optional[Path] = None) -> str:
    """The report as text in ``md`` or ``html``; raises ReportTemplateError for a broken template."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    if output_format not in FORMATS:
        raise ValueError(f"unknown report format {output_format!r}")
    name = TEMPLATES[output_format]
    try:
        return str(environment(output_format, custom).get_template(name).render(report=report))
    except TemplateNotFound as error:
        raise ReportTemplateError(f"template {error.name} not found") from None
    except TemplateSyntaxError as error:
        raise ReportTemplateError(f"{error.filename or error.name or name}:{error.lineno}: {error.message}") from None
    except TemplateError as error:
        raise ReportTemplateError(f"{name}: {error}") from None
