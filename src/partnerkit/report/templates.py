"""The executive report as Markdown or as one self-contained HTML file, from ``partnerkit.report.model``'s view model.

Templates: ``report/report.md.j2`` and ``report/report.html.j2`` (with partials beside them), looked
up first in the user's ``--templates DIR`` and then in the shipped ``templates/``. Both receive
``report`` (a :class:`partnerkit.report.model.Report`). The environment gives them the filters of
``render.escaping`` and ``render.formatting`` and the charts of ``report.charts``.

Escaping is on by default in both formats, so a template cannot forget it:

- HTML is autoescaped by Jinja. Before escaping, every value loses control characters and
  bidirectional overrides (``clean``). Links are made only from ``safe_url``: http, https and
  mailto; anything else is shown as text.
- Markdown output goes through ``md_escape`` for every ``{{ value }}`` (the environment's
  ``finalize``), unless a filter already returned ``Markup``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from partnerkit.load.parallel import split_map
from partnerkit.render.escaping import clean, md_escape, md_url, safe_url
from partnerkit.render.formatting import days, long_date, number, percent, points, text_bar, with_unit
from partnerkit.report.charts import (
    band_bar,
    bar_width,
    kpi_bar,
    maturity_css,
    maturity_dots,
    rag_bar,
    risk_grid_css,
    risk_matrix,
    score_bar,
    sparkline,
    timeline,
    timeline_axis,
)
from partnerkit.report.model import BAR_MAX, Report
from partnerkit.templates import environment as jinja_environment

TEMPLATES = {"md": "report/report.md.j2", "html": "report/report.html.j2"}


class ReportTemplateError(Exception):
    """A (user's) template could not be found, parsed or rendered."""


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


PARALLEL_MIN_CARDS = 100
"""Fewer scorecards are rendered in this process alone: a fork costs more than it saves."""


def each(items: Sequence[Any], macro: Callable[[Any], str]) -> list[Markup]:
    """``[macro(item) for item in items]``, half of them rendered on the second core when there
    are many: a template's most repeated part, such as the scorecards of a large portfolio."""
    return [Markup(html) for html in split_map(items, lambda item: str(macro(item)), PARALLEL_MIN_CARDS)]


def environment(output_format: str, custom: Path | None = None) -> Any:
    """The Jinja environment for ``md`` or ``html``: the user's folder first, then the shipped templates."""
    html = output_format == "html"
    # every HTML template is autoescaped, whatever its name; Markdown escapes through finalize
    env = jinja_environment(custom, autoescape=html, finalize=_html_finalize if html else _md_finalize)
    env.filters.update(
        {
            "md": md_escape,
            "safe_url": safe_url,
            "md_url": md_url,
            "number": number,
            "with_unit": with_unit,
            "percent": percent,
            "points": points,
            "days": days,
            "long_date": long_date,
            "text_bar": text_bar,
            "css": css,
        }
    )
    env.globals.update(
        {
            "kpi_bar": kpi_bar,
            "sparkline": sparkline,
            "risk_matrix": risk_matrix,
            "timeline": timeline,
            "timeline_axis": timeline_axis,
            "score_bar": score_bar,
            "bar_width": bar_width,
            "maturity_dots": maturity_dots,
            "rag_bar": rag_bar,
            "band_bar": band_bar,
            "BAR_MAX": BAR_MAX,
            "each": each,
            "risk_grid_css": risk_grid_css,
            "maturity_css": maturity_css,
            "RAG_EMOJI": {"green": "🟢", "amber": "🟡", "red": "🔴", None: "⚪"},
            "BAND_EMOJI": {"healthy": "🟢", "watch": "🟡", "at-risk": "🔴", "unknown": "⚪"},
            "SEVERITY_EMOJI": {"error": "🔴", "warning": "🟡", "info": "🔵"},
        }
    )
    return env


def render(report: Report, output_format: str, custom: Path | None = None) -> str:
    """The report as text in ``md`` or ``html``; raises ReportTemplateError for a broken template."""
    return render_template(TEMPLATES[output_format], output_format, custom, report=report)


def render_template(name: str, output_format: str, custom: Path | None = None, **context: Any) -> str:
    """Template ``name`` (the user's from ``custom`` if it has one) rendered for ``md`` or
    ``html``; raises ReportTemplateError, with the file and line, for a broken template."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        return str(environment(output_format, custom).get_template(name).render(**context))
    except TemplateNotFound as error:
        raise ReportTemplateError(f"template {error.name} not found") from None
    except TemplateSyntaxError as error:
        raise ReportTemplateError(f"{error.filename or error.name or name}:{error.lineno}: {error.message}") from None
    except TemplateError as error:
        raise ReportTemplateError(f"{name}: {error}") from None
