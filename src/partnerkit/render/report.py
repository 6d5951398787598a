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

Charts are inline SVG or CSS bars drawn here from numbers only; user text never goes into a chart.
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


def unlink(text: str) -> str:
    """A zero-width space wherever GitHub would make a mention, issue reference or link."""
    return _LINKABLE.sub(lambda m: m.group() + ZERO_WIDTH_SPACE, text)


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
    return Markup(unlink(text))


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


# --- charts (numbers only) ------------------------------------------------------------------
# Inline SVG with every colour, stroke and font in the stylesheet (classes defined once in
# _style.css.j2), coordinates rounded to whole units; simple bars are plain CSS (see css_bar).

RAG_FILL = {"green": "#2da44e", "amber": "#d4a72c", "red": "#cf222e", "unrated": "#afb8c1"}
BAND_FILL = {"healthy": "#2da44e", "watch": "#d4a72c", "at-risk": "#cf222e"}
_RAG_CLASS = {"green": "g", "amber": "a", "red": "r", "unrated": "n"}
_BAND_CLASS = {"healthy": "g", "watch": "a", "at-risk": "r"}


def _f(x: float) -> str:
    return str(round(float(x)))


def _svg(width: float, height: float, body: str, label: str, cls: str, extra: str = "") -> Markup:
    return Markup(
        f'<svg class="{cls}" viewBox="0 0 {_f(width)} {_f(height)}" role="img" aria-label="{Markup.escape(label)}"{extra}>{body}</svg>'
    )


def _share(value: float) -> str:
    """A 0..1 share as a CSS percentage."""
    return f"{min(max(float(value), 0.0), 1.0) * 100:.0f}%"


def kpi_bar(kpi: KpiView) -> Markup:
    """Progress from baseline (left) towards the target (the marker at 1/BAR_MAX), up to BAR_MAX; pure CSS."""
    if kpi.bar is None:
        return Markup('<span class="kb"></span>')
    cls = " m" if kpi.met else " l" if kpi.bar < 0.5 else ""
    share = max(float(kpi.bar) / BAR_MAX, 0.02)
    return Markup(f'<span class="kb{cls}" style="--w:{_share(share)}"></span>')


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
        body += f'<polyline points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in points_)}"/>'
    x, y = points_[-1]
    body += f'<path d="M{_f(x)} {_f(y)}h0"/>'  # the latest value: a round cap 5 wide
    # Decorative for screen readers: the latest value and the baseline are in the same row as text.
    # No viewBox: the stylesheet gives it 72 x 20 px, so one unit is one pixel.
    return Markup(f'<svg class="sl" aria-hidden="true">{body}</svg>')


def _exposure_class(exposure: int) -> str:
    return "x4" if exposure >= 15 else "x3" if exposure >= 10 else "x2" if exposure >= 5 else "x1"


_EXPOSURE_TINT = {"x1": "#d8f3dc", "x2": "#fff1b3", "x3": "#ffe2bd", "x4": "#ffcecb"}


def risk_grid_css() -> Markup:
    """The 5x5 tinted cells of every risk matrix as one CSS background (in the stylesheet once, not per matrix)."""
    layers = []
    for likelihood in range(5, 0, -1):
        for impact in range(1, 6):
            x, y = 31 + (impact - 1) * 30, 5 + (5 - likelihood) * 30
            colour = _EXPOSURE_TINT[_exposure_class(likelihood * impact)]
            layers.append(f"linear-gradient({colour} 0 0) {x}px {y}px/28px 28px no-repeat")
    return Markup(",".join(layers))


# The axes; the cells are the stylesheet's background of svg.risk-matrix (risk_grid_css).
_RISK_AXES = ('<text class="k e" x="22 22 22 22 22" y="143 113 83 53 23">12345</text><text class="k" x="45 75 105 135 165" y="168">12345</text>'
              '<text x="105" y="182">impact →</text><text transform="translate(9 79) rotate(-90)">likelihood →</text>')


def risk_matrix(matrix: RiskMatrix) -> Markup:
    """5x5: likelihood up, impact across; each cell tinted by exposure, with the count of open risks."""
    dots, xs, ys, digits, wide = [], [], [], [], []
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            count = int(matrix.count(likelihood, impact))
            if count:
                cx, cy = 30 + (impact - 1) * 30 + 15, 4 + (5 - likelihood) * 30 + 15
                dots.append(f"M{cx} {cy}h0")  # a dot: a round cap 20 wide (see the stylesheet)
                if count < 10:  # one glyph each, placed by the x and y lists of one <text>
                    xs.append(str(cx)), ys.append(str(cy + 4)), digits.append(str(count))
                else:
                    wide.append(f'<text class="n" x="{cx}" y="{cy + 4}">{count}</text>')
    body = [_RISK_AXES]
    if dots:
        body.append(f'<path d="{"".join(dots)}"/>')
    if digits:
        body.append(f'<text class="n" x="{" ".join(xs)}" y="{" ".join(ys)}">{"".join(digits)}</text>')
    body.extend(wide)
    total = sum(sum(row) for row in matrix.counts)
    label = f"risk matrix: {total} open risks, highest exposure {int(matrix.highest)}"
    # No viewBox: the stylesheet gives it 184 x 186 px, so one unit is one pixel.
    return Markup(f'<svg class="risk-matrix" role="img" aria-label="{label}" data-open="{total}">{"".join(body)}</svg>')


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
    """The years above the timelines: five equal columns (a year is a fifth of the window, give or take a leap day)."""
    start, end = timeline_window(as_of)
    years = "".join(f"<span>{year}</span>" for year in range(start.year, end.year))
    return Markup(f'<span class="ta">{years}</span>')


def timeline(agreement: AgreementView, as_of: dt.date) -> Markup:
    """The agreement's term as a bar, its renewal decision window shaded (amber when undecided,
    green when decided), the notice deadline as a diamond, and today as a dark line."""
    start, end = timeline_window(as_of)
    a = agreement
    mid = round(_TL_HEIGHT / 2)
    body = []  # the year lines are the stylesheet's background of svg.tl
    begin = a.effective or a.signed
    in_force = a.status == "signed"
    if begin is not None:
        x0 = _x(begin, start, end)
        x1 = _x(a.expiry, start, end) if a.expiry else _TL_WIDTH
        cls = "t" if in_force else "t u"
        body.append(f'<path class="{cls}" d="M{_f(x0)} 7h{_f(max(x1 - x0, 2))}v8H{_f(x0)}z"/>')
        if a.expiry is None:  # open-ended
            body.append(f'<path class="o{"" if in_force else " u"}" d="M353 5l6 6-6 6"/>')
    else:  # not signed yet: a dashed placeholder from today
        x0 = _x(as_of, start, end)
        body.append(f'<path class="p" d="M{_f(x0)} {mid}H{_f(min(x0 + 60, _TL_WIDTH))}"/>')
    if in_force and a.window_opens and a.notice_by and a.expiry:
        w0, w1 = _x(a.window_opens, start, end), _x(a.notice_by, start, end)
        decided = bool(a.decision)
        if w1 > w0:
            body.append(f'<path class="w{" d" if decided else ""}" d="M{_f(w0)} 1h{_f(max(w1 - w0, 1))}v20H{_f(w0)}z"/>')
        if 0 < w1 < _TL_WIDTH:
            late = not decided and a.notice_by < as_of
            cls = "nl" if late else "nu" if not decided else "nd"
            body.append(f'<path class="{cls}" d="M{_f(w1)} 5l5 6-5 6-5-6z"/>')
        xe = _x(a.expiry, start, end)
        if 0 < xe < _TL_WIDTH:
            body.append(f'<path class="x" d="M{_f(xe)} 2v18"/>')
    body.append(f'<path class="now" d="M{_f(_x(as_of, start, end))} 0v22"/>')
    # Decorative for screen readers: the same table row gives the dates as text.
    return Markup(f'<svg class="tl" viewBox="0 0 360 22" aria-hidden="true">{"".join(body)}</svg>')


def score_bar(value: int, band: str) -> Markup:
    """The score out of 100 as a CSS bar in the band's colour (the number is printed beside it)."""
    v = min(max(int(value), 0), 100)
    return Markup(f'<span class="sb {_BAND_CLASS.get(str(band), "n")}" style="--w:{max(v, 2)}%"></span>')


def bar_width(value: float, most: float = 15.0) -> str:
    """A reason's points as the CSS width of its bar (the number is printed beside it)."""
    share = min(max(float(value), 0.0) / most, 1.0) if most else 0.0
    return _share(max(share, 0.03))


def maturity_dots(level: int) -> Markup:
    """Five dots, the first `level` filled: text, so it reads without colour (the level is printed beside it)."""
    n = min(max(int(level), 0), 5)
    return Markup(f'<span class="md m{n}"></span>')


def maturity_css() -> Markup:
    """The dots of maturity_dots: generated content, hidden from screen readers (the level is in the text)."""
    return Markup("".join(f'.m{n}::before{{content:"{"●" * n}{"○" * (5 - n)}";content:"{"●" * n}{"○" * (5 - n)}"/""}}' for n in range(6)))


def _stacked(counts: dict[str, int], classes: dict[str, str], keys: Any, label: str, cls: str) -> Markup:
    width, height = 240.0, 14.0
    total = sum(int(counts.get(k, 0)) for k in keys) or 1
    x, body = 0.0, []
    for key in keys:
        n = int(counts.get(key, 0))
        if n:
            w = n / total * width
            body.append(f'<rect class="{classes[key]}" x="{_f(x)}" width="{round(x + w) - round(x)}" height="14"/>')
            x += w
    return _svg(width, height, "".join(body), label, cls, ' preserveAspectRatio="none"')


def rag_bar(counts: dict[str, int]) -> Markup:
    """One stacked bar of green, amber, red and unrated counts."""
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in RAG_FILL)
    return _stacked(counts, _RAG_CLASS, list(RAG_FILL), label, "sk rag-bar")


def band_bar(counts: dict[str, int]) -> Markup:
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in BAND_FILL)
    return _stacked(counts, _BAND_CLASS, list(BAND_FILL), label, "sk band-bar")


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


_CSS_SPACE = re.compile(r"\s+")
_CSS_PUNCTUATION = re.compile(r"\s*([{};,])\s*")
_CSS_STRING = re.compile(r'("[^"]*")')
_CSS_COLON = re.compile(r"(?<=[\w-]): ")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def css(text: Any) -> Markup:
    """A stylesheet (the shipped template's own text) without comments and spare whitespace."""
    parts = _CSS_STRING.split(_CSS_COMMENT.sub("", str(text)))  # odd items: "strings", left as they are
    for i in range(0, len(parts), 2):
        parts[i] = _CSS_COLON.sub(":", _CSS_PUNCTUATION.sub(r"\1", _CSS_SPACE.sub(" ", parts[i]))).replace(";}", "}")
    return Markup("".join(parts).strip())


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
        "percent": percent, "points": points, "days": days, "long_date": long_date, "text_bar": text_bar, "css": css,
    })
    env.globals.update({
        "kpi_bar": kpi_bar, "sparkline": sparkline, "risk_matrix": risk_matrix, "timeline": timeline,
        "timeline_axis": timeline_axis, "score_bar": score_bar, "bar_width": bar_width, "maturity_dots": maturity_dots,
        "rag_bar": rag_bar, "band_bar": band_bar, "BAR_MAX": BAR_MAX,
        "risk_grid_css": risk_grid_css, "maturity_css": maturity_css,
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
