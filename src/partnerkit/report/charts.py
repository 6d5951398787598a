"""The report's charts, drawn from numbers only so no user text ever goes into one.

Inline SVG with every colour, stroke and font in the stylesheet (classes defined once in
``_style.css.j2``), coordinates rounded to whole units; simple bars (``kpi_bar``, ``score_bar``)
are plain CSS.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from partnerkit.report.model import BAR_MAX, AgreementView, KpiView, RiskMatrix

_RAG_CLASS = {"green": "g", "amber": "a", "red": "r", "stale": "s", "unrated": "n"}
_BAND_CLASS = {"healthy": "g", "watch": "a", "at-risk": "r", "unknown": "n"}


def _f(x: float) -> str:
    return str(round(float(x)))


def _svg(width: float, height: float, body: str, label: str, cls: str, extra: str = "") -> Markup:
    return Markup(
        f'<svg class="{cls}" viewBox="0 0 {_f(width)} {_f(height)}" role="img" '
        f'aria-label="{Markup.escape(label)}"{extra}>{body}</svg>'
    )


def _share(value: float) -> str:
    """A 0..1 share as a CSS percentage."""
    return f"{min(max(float(value), 0.0), 1.0) * 100:.0f}%"


def kpi_bar(kpi: KpiView) -> Markup:
    """Progress from the baseline (left) against the plan: the marker at 1/BAR_MAX is where the plan
    expects the KPI today (the target itself for a KPI without a dated plan), up to BAR_MAX; pure
    CSS. Green on track or ahead, amber under half of plan."""
    if kpi.bar is None:
        return Markup('<span class="kb"></span>')
    cls = " m" if kpi.bar >= 1 else " l" if kpi.bar < 0.5 else ""
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
    coords = [
        (
            pad + i * step if len(numbers) > 1 else width / 2,
            height - pad - (v - low) / span * (height - 2 * pad) if high != low else height / 2,
        )
        for i, v in enumerate(numbers)
    ]
    body = ""
    if len(coords) > 1:
        body += f'<polyline points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in coords)}"/>'
    x, y = coords[-1]
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
_RISK_AXES = (
    '<text class="k e" x="22 22 22 22 22" y="143 113 83 53 23">12345</text>'
    '<text class="k" x="45 75 105 135 165" y="168">12345</text>'
    '<text x="105" y="182">impact →</text><text transform="translate(9 79) rotate(-90)">likelihood →</text>'
)


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
                    xs.append(str(cx))
                    ys.append(str(cy + 4))
                    digits.append(str(count))
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
            body.append(
                f'<path class="w{" d" if decided else ""}" d="M{_f(w0)} 1h{_f(max(w1 - w0, 1))}v20H{_f(w0)}z"/>'
            )
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
    return Markup(
        "".join(
            f'.m{n}::before{{content:"{"●" * n}{"○" * (5 - n)}";content:"{"●" * n}{"○" * (5 - n)}"/""}}'
            for n in range(6)
        )
    )


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
    """One stacked bar of green, amber, red, stale and unrated counts."""
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in _RAG_CLASS)
    return _stacked(counts, _RAG_CLASS, list(_RAG_CLASS), label, "sk rag-bar")


def band_bar(counts: dict[str, int]) -> Markup:
    label = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in _BAND_CLASS)
    return _stacked(counts, _BAND_CLASS, list(_BAND_CLASS), label, "sk band-bar")
