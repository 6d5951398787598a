"""Renewal briefs (``report.renewal``'s view model) as Markdown, HTML, terminal text or JSON.

Every renderer takes ``(pack, width, templates)`` and returns the text; ``width`` is how wide
the terminal is (None: no limit), which only the text format uses, and ``templates`` a folder of
the user's templates, which only Markdown and HTML have.

- Markdown and HTML come from ``templates/renewal/renewal.{md,html}.j2`` (or the user's
  ``--templates`` folder's ``renewal/renewal.{md,html}.j2``) through the report's Jinja
  environment (``report.templates.environment``): Markdown escapes every value people wrote
  (line breaks, ``|``, HTML, mentions, links), HTML is autoescaped, self-contained, without
  scripts, and its Content-Security-Policy forbids loading anything.
- Text is built line by line with ``render.layout.line``, every value shown through
  ``terminal_text.visible`` (a KPI name cannot drive the terminal), and wrapped to ``width``.
- JSON (``schema_version`` 1) is the view model itself: dates as YYYY-MM-DD, keys in a fixed
  order, C1 and bidirectional controls escaped (``json_safe``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partnerkit.model.units import with_unit
from partnerkit.render.formatting import days, plural
from partnerkit.render.layout import line, wrapped
from partnerkit.render.terminal_text import json_safe
from partnerkit.report.renewal import Brief, RenewalPack

if TYPE_CHECKING:
    from rich.text import Text

SCHEMA_VERSION = 1
LABEL = 14
"""The width of the text format's labels (`notice by`, `criteria`), so the facts line up."""


# --- Markdown and HTML ----------------------------------------------------------------------


def render_md(pack: RenewalPack, width: int | None = None, templates: Path | None = None) -> str:
    from partnerkit.report.templates import render_template

    return render_template("renewal/renewal.md.j2", "md", templates, pack=pack)


def render_html(pack: RenewalPack, width: int | None = None, templates: Path | None = None) -> str:
    from partnerkit.report.templates import render_template

    return render_template("renewal/renewal.html.j2", "html", templates, pack=pack)


# --- terminal text --------------------------------------------------------------------------


def _fact(label: str, *parts: Any, indent: int = 2) -> Text:
    """'  notice by   2026-12-31, in 36 days': a label indented and padded to LABEL columns, then the parts."""
    head = " " * indent + label
    return line(head.ljust(LABEL) if len(head) < LABEL else head + " ", *parts)


def _brief_lines(b: Brief) -> list[Text]:
    a = b.agreement
    out = [
        line(
            (f"{b.partnership} · {a.id}", "bold"),
            f" {a.title}" if a.title else "",
            f" ({b.label}, {b.tier}, {b.stage}; owner {b.owner or 'none'}, sponsor {b.sponsor or 'none'})",
        )
    ]
    expires = f"expires {days(a.days_to_expiry)}" if (a.days_to_expiry or 0) >= 0 else "expired"
    out.append(_fact("term", f"{a.start or 'start not recorded'} to {a.expiry}, {expires}"))
    out.append(_fact("notice by", f"{a.notice_by}, {days(a.days_to_notice)} ({a.notice_days} days' notice)"))
    if a.decision:
        decided = f" on {a.decided}" if a.decided else ""
        out.append(_fact("decision", f"{a.decision}{decided}", f": {a.decision_note}" if a.decision_note else ""))
    else:
        late = ", and the notice date has passed" if a.state == "notice-passed" else ""
        out.append(_fact("decision", ("undecided" + late, "bold yellow")))
    reasons = f": {'; '.join(b.score.reasons)}" if b.score.reasons else ""
    out.append(_fact("score now", f"{b.score.shown} {b.score.band}", reasons))
    t = b.trend
    if t.points:
        since = f" since {t.since}" if t.since else ""
        trend = f"{t.sparkline} {t.first} -> {b.score.shown} over {plural(len(t.points), 'commit')}{since}"
        out.append(_fact("score trend", trend))
    else:
        out.append(_fact("score trend", t.note))
    out += _criteria_lines(b)
    out += _sla_lines(b)
    out.append(_fact("KPIs", "against their plan" if b.kpis else "none"))
    for k in b.kpis:
        out.append(_fact(k.id, f"{k.name}: ", f"{k.state}: " if k.state else "", k.words, indent=4))
    noun = "none" if not b.risks else plural(len(b.risks), "open high risk")
    out.append(_fact("high risks", f"{noun} (exposure {b.risk_threshold} or more)"))
    for r in b.risks:
        mitigation = f"; mitigation: {r.mitigation}" if r.mitigation else "; no mitigation"
        out.append(
            _fact(r.id, f"{r.title} ({r.likelihood} x {r.impact} = {r.exposure}, {r.status}){mitigation}", indent=4)
        )
    out.append(_fact("ROI", b.roi.words))
    if b.roi.inputs:
        out.append(_fact("inputs", "; ".join(b.roi.inputs), indent=4))
    out += _commitment_lines(b)
    for note in b.notes:
        out.append(_fact("note", f"{note}: what it holds is not shown"))
    return out


def _criteria_lines(b: Brief) -> list[Text]:
    if not b.criteria:
        return [_fact("criteria", "none in the charter (renewal_criteria)")]
    words = [f"{b.count('met')} of {len(b.criteria)} met"]
    words += [f"{b.count(s)} {s}" for s in ("not met", "unknown") if b.count(s)]
    out = [_fact("criteria", ", ".join(words))]
    for c in b.criteria:
        style = "bold red" if c.state == "not met" else None
        out.append(_fact(c.state, (c.text, style), f": {c.facts}", indent=4))
    return out


def _sla_lines(b: Brief) -> list[Text]:
    if not b.slas:
        return [_fact("SLAs", "none")]
    breached = len(b.breaches)
    words = (f"{breached} breached, " if breached else "") + f"{len(b.slas) - breached} not breached"
    out = [_fact("SLAs", words)]
    for s in b.slas:
        style = "bold red" if s.state == "breached" else None
        penalty = f"; penalty: {s.penalty}" if s.penalty and s.state == "breached" else ""
        out.append(
            _fact(
                s.state,
                (f"{s.agreement} {s.id}", style),
                f" ({s.metric}): {s.words}{penalty}",
                indent=4,
            )
        )
    return out


def _commitment_lines(b: Brief) -> list[Text]:
    c = b.commitments
    if c is None:
        return [_fact("commitments", "no joint business plan")]
    out = [_fact("commitments", f"joint business plan {c.plan} ({c.status})")]
    for side in ("us", "partner"):
        mine = c.of(side)
        if not mine:
            out.append(_fact(side, "none", indent=4))
        for x in mine:
            amount = f" ({with_unit(x.amount, x.unit)})" if x.amount is not None else ""
            due = f", due {x.due}" if x.due else ""
            if x.state == "delivered":
                state: Any = f"delivered {x.delivered}"
            elif x.state == "overdue":
                state = (f"overdue by {x.days_overdue} days", "bold red")
            else:
                state = "open"
            out.append(_fact(side, f"{x.id} {x.what}{amount}{due}: ", state, indent=4))
    return out


def render_text(pack: RenewalPack, width: int | None = None, templates: Path | None = None) -> str:
    scope = f" of {pack.partnership}" if pack.partnership else ""
    n = len(pack.briefs)
    what = "with an expiry" if pack.every else f"inside {'its' if n == 1 else 'their'} renewal window"
    lines = [line(f"Renewal briefs as of {pack.as_of}{scope}: {plural(n, 'agreement')} {what}")]
    lines.append(line(f"score trends: {pack.history}"))
    if not pack.briefs and not pack.every:
        lines.append(
            line(
                f"No agreement is inside its renewal window (from {pack.window_days} days before its notice date "
                "until it expires); `partnerkit renewal --all` shows every agreement with an expiry."
            )
        )
    for b in pack.briefs:
        lines.append(line(""))
        lines += _brief_lines(b)
    out = []
    for text in lines:
        indent = len(text.plain) - len(text.plain.lstrip(" "))
        out += wrapped(text, width, LABEL - indent if indent else 4)  # facts wrap under their value
    return "".join(f"{piece.plain}\n" for piece in out)


# --- JSON -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _brief_json(b: Brief) -> dict[str, Any]:
    data: dict[str, Any] = _plain(b)
    data["score"]["shown"] = b.score.shown
    data["trend"]["sparkline"] = b.trend.sparkline
    for sla, fact in zip(data["slas"], b.slas, strict=True):
        sla["words"] = fact.words
    data["summary"] = {
        "criteria": {state: b.count(state) for state in ("met", "not met", "unknown")},
        "slas_breached": len(b.breaches),
        "high_risks": len(b.risks),
        "commitments_overdue": {
            side: len(b.commitments.of(side, "overdue")) if b.commitments else 0 for side in ("us", "partner")
        },
    }
    return data


def render_json(pack: RenewalPack, width: int | None = None, templates: Path | None = None) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "as_of": pack.as_of.isoformat(),
        "partnership": pack.partnership,
        "all": pack.every,
        "window_days": pack.window_days,
        "history": pack.history,
        "briefs": [_brief_json(b) for b in pack.briefs],
    }
    return json_safe(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
