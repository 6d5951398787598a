"""What is coming up and what is overdue, from every dated record in the portfolio. Pure.

Agreement expiries and their renewal-notice deadlines (expiry minus notice days), risk review
dates, open actions' due dates, open objectives' due dates (not achieved, missed or dropped), KPI
measurements due by their period, the next review by the governance cadence, and from the joint
business plan (unless superseded) the end of its period and, once agreed, the due dates of the
commitments not yet delivered. An item is overdue when its date is before ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerkit.model.common import CADENCE_DAYS
from partnerkit.model.kpis import PERIOD_DAYS
from partnerkit.model.plan import Commitment
from partnerkit.model.portfolio import Partnership, Portfolio
from partnerkit.model.units import with_unit


@dataclass(frozen=True, order=True)
class DueItem:
    date: dt.date
    partnership: str
    kind: str  # expiry, renewal-notice, risk-review, action, objective, kpi-measurement, review,
    # commitment, plan-end
    item: str  # the id of the agreement, risk, action, objective, KPI or commitment ("" for a
    # review, the period's name for a plan); an objective without an id is named by the start of
    # its text
    title: str
    owner: str

    def overdue(self, as_of: dt.date) -> bool:
        return self.date < as_of


def due_items(portfolio: Portfolio, as_of: dt.date, within_days: int) -> list[DueItem]:
    """Everything due up to ``within_days`` after ``as_of``, overdue items included, by date."""
    horizon = as_of + dt.timedelta(days=within_days)
    items = [item for p in portfolio.partnerships if not _ended(p) for item in _items(p)]
    return sorted(item for item in items if item.date <= horizon)


def _ended(p: Partnership) -> bool:
    return bool(p.charter and p.charter.stage == "ended")


def _items(p: Partnership) -> list[DueItem]:
    owner = (p.charter.owner or "") if p.charter else ""
    found: list[DueItem] = []
    for a in p.agreements.agreements if p.agreements else ():
        if a.status == "signed" and a.expiry:
            name = a.title or f"{a.kind.upper()} {a.id}"
            found.append(DueItem(a.expiry, p.id, "expiry", a.id, name, owner))
            if a.renewal is None:
                notice = a.expiry - dt.timedelta(days=a.renewal_notice_days)
                found.append(DueItem(notice, p.id, "renewal-notice", a.id, f"{name} (expires {a.expiry})", owner))
    for r in p.risks.risks if p.risks else ():
        if r.is_open and r.review_by:
            found.append(DueItem(r.review_by, p.id, "risk-review", r.id, f"{r.id} {r.title}", r.owner or owner))
    for action in p.actions.actions if p.actions else ():
        if action.is_open and action.due:
            found.append(
                DueItem(action.due, p.id, "action", action.id, f"{action.id} {action.title}", action.owner or owner)
            )
    for o in p.charter.objectives if p.charter else ():
        if o.is_open and o.due:
            found.append(DueItem(o.due, p.id, "objective", o.id or objective_name(o.text), o.text, owner))
    for k in p.kpis.kpis if p.kpis else ():
        latest = k.latest
        if latest is not None:
            next_date = latest.date + dt.timedelta(days=PERIOD_DAYS[k.period])
            found.append(DueItem(next_date, p.id, "kpi-measurement", k.id, f"{k.id} {k.name}", k.owner or owner))
    plan = p.plan
    if plan is not None and plan.status != "superseded":
        title = f"joint business plan {plan.label} ({plan.status})"
        found.append(DueItem(plan.period.to, p.id, "plan-end", plan.label, title, owner))
        for _, _, c in plan.commitments() if plan.status == "agreed" else ():
            if c.due and c.delivered is None:
                found.append(DueItem(c.due, p.id, "commitment", c.id, commitment_title(c), owner))
    review = _next_review(p)
    if review is not None:
        found.append(DueItem(review, p.id, "review", "", f"the {p.charter.governance.cadence} review", owner))  # type: ignore[union-attr]
    return found


def commitment_title(c: Commitment) -> str:
    """'C3 Two solution architects certified (the partner's, 2 people)'."""
    facts = ["ours" if c.side == "us" else "the partner's"]
    if c.amount is not None:
        facts.append(with_unit(c.amount, c.unit))
    return f"{c.id} {c.what} ({', '.join(facts)})"


OBJECTIVE_NAME_CHARS = 40


def objective_name(text: str) -> str:
    """What names an objective that has no id: the start of its text, whole words, one line."""
    words = " ".join(text.split())
    if len(words) <= OBJECTIVE_NAME_CHARS:
        return words
    cut = words[: OBJECTIVE_NAME_CHARS + 1].rsplit(" ", 1)[0] or words[:OBJECTIVE_NAME_CHARS]
    return cut[:OBJECTIVE_NAME_CHARS].rstrip(" ,;:.") + "…"


def _next_review(p: Partnership) -> dt.date | None:
    charter = p.charter
    if charter is None or charter.governance.cadence is None:
        return None
    last = max((r.date for r in p.reviews.reviews), default=None) if p.reviews else None
    start = last or charter.dates.started
    return start + dt.timedelta(days=CADENCE_DAYS[charter.governance.cadence]) if start else None
