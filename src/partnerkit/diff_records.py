"""What changed in a partnership's agreements, actions and reviews, in partnership terms. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from partnerkit.diff_items import Change, pairs
from partnerkit.model.actions import Action
from partnerkit.model.agreements import Agreement
from partnerkit.model.portfolio import Partnership


def _label(a: Agreement) -> str:
    if a.title:
        return a.title
    kind = a.kind.upper()
    return kind if a.id.lower() == a.kind else f"{kind} {a.id}"


def agreement_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, kept, removed = pairs(base.agreements.agreements if base.agreements else (),
                                  head.agreements.agreements if head.agreements else ())
    changes = []
    for a in added:
        if a.status == "signed":
            changes.append(Change("agreement-signed", a.id, f"{_label(a)} signed{_on(a.signed)}{_until(a.expiry)}", None, "signed"))
        else:
            changes.append(Change("agreement-added", a.id, f"{_label(a)} added ({a.status})", None, a.status))
    changes += [Change("agreement-removed", a.id, f"{_label(a)} removed") for a in removed]
    for b, h in kept:
        if b.status != h.status:
            kind = {"signed": "agreement-signed", "terminated": "agreement-terminated"}.get(h.status, "agreement-status")
            text = {"agreement-signed": f"{_label(h)} signed{_on(h.signed)}{_until(h.expiry)}",
                    "agreement-terminated": f"{_label(h)} terminated"}.get(kind, f"{_label(h)}: {b.status} -> {h.status}")
            changes.append(Change(kind, h.id, text, b.status, h.status))
        if b.expiry != h.expiry:
            old, new = str(b.expiry or "none"), str(h.expiry or "none")
            changes.append(Change("agreement-expiry", h.id, f"{_label(h)} expiry moved {old} -> {new}", old, new))
        if h.renewal is not None and h.renewal != b.renewal:
            kind = "agreement-renewed" if h.renewal.decision == "renew" else "agreement-renewal"
            when = f" on {h.renewal.decided}" if h.renewal.decided else ""
            was = b.renewal.decision if b.renewal else None
            changes.append(Change(kind, h.id, f"{_label(h)}: renewal decided: {h.renewal.decision}{when}", was, h.renewal.decision))
    return changes


def _on(day: Optional[dt.date]) -> str:
    return f" on {day}" if day else ""


def _until(day: Optional[dt.date]) -> str:
    return f" (expires {day})" if day else ""


def action_changes(base: Partnership, head: Partnership, as_of: dt.date) -> list[Change]:
    added, kept, removed = pairs(base.actions.actions if base.actions else (), head.actions.actions if head.actions else ())
    changes = []
    for a in added:
        if a.is_open:
            changes.append(Change("action-opened", a.id, f"action {a.id} opened: {a.title}{_due(a)}", None, a.state))
        else:
            changes.append(Change("action-closed", a.id, f"action {a.id} recorded as {a.state}: {a.title}", None, a.state))
    changes += [Change("action-removed", a.id, f"action {a.id} removed: {a.title}") for a in removed]
    for b, h in kept:
        if b.is_open and not h.is_open:
            on = f" on {h.done}" if h.done else ""
            changes.append(Change("action-closed", h.id, f"action {h.id} {h.state}{on}: {h.title}", b.state, h.state))
        elif not b.is_open and h.is_open:
            changes.append(Change("action-reopened", h.id, f"action {h.id} reopened: {h.title}{_due(h)}", b.state, h.state))
        if h.is_open and b.due != h.due:
            old, new = str(b.due or "none"), str(h.due or "none")
            changes.append(Change("action-due", h.id, f"action {h.id}: due {old} -> {new}", old, new))
    before = {b.id: b for b in (base.actions.actions if base.actions else ())}
    for a in head.actions.actions if head.actions else ():
        if a.due is not None and _newly_overdue(before.get(a.id), a, as_of):
            late = (as_of - a.due).days
            changes.append(Change("action-overdue", a.id, f"action {a.id} is overdue: due {a.due} ({late} day{'s' if late != 1 else ''} ago): {a.title}",
                                  None, str(a.due)))
    return changes


def _newly_overdue(b: Optional[Action], h: Action, as_of: dt.date) -> bool:
    """Overdue in head, and the change made it so: the action is new, reopened, or re-dated."""
    if not (h.is_open and h.due and h.due < as_of):
        return False
    return b is None or not b.is_open or b.due != h.due


def _due(a: Action) -> str:
    parts = [f"due {a.due}" if a.due else "", a.owner or ""]
    shown = ", ".join(p for p in parts if p)
    return f" ({shown})" if shown else ""


def review_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, _, removed = pairs(base.reviews.reviews if base.reviews else (), head.reviews.reviews if head.reviews else ())
    changes = []
    for r in sorted(added, key=lambda r: r.date):
        kind = "QBR" if r.kind == "qbr" else f"{r.kind} review"
        decided = f"; decided: {'; '.join(r.decisions)}" if r.decisions else ""
        changes.append(Change("review-added", r.id, f"{kind} {r.id} held on {r.date}{decided}", None, str(r.date)))
    changes += [Change("review-removed", r.id, f"review {r.id} of {r.date} removed") for r in removed]
    return changes
