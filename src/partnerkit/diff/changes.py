"""What changed in a partnership's records (charter, its objectives and renewal criteria,
ratings, RACI, KPIs and their plans, risks, agreements, actions, reviews, the joint business
plan, the money in financials.yaml), in partnership terms. Pure.

Items are matched by their ``id`` within a file (an objective without an id by its text, a
renewal criterion by what it asks), so reordering a list is not a change. Each comparison
returns :class:`Change` items whose ``text`` a reviewer can read without the YAML ("Monetize
went amber -> red (evidence: ...)", "risk R3: 2x3=6 -> 4x5=20", "objective O2 planned ->
at-risk", "KPI K2: target date 2026-12-31 -> 2027-03-31; 104% of plan, was 80%", "renewal
criterion changed: K2 >= 80% of plan -> K2 >= 90% of plan").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from partnerkit.model.actions import Action
from partnerkit.model.agreements import Agreement
from partnerkit.model.charter import Charter, Objective
from partnerkit.model.financials import Entry, Financials
from partnerkit.model.kpis import Kpi, Milestone
from partnerkit.model.money import money
from partnerkit.model.plan import BucketPlan, Commitment, Plan, SignOff
from partnerkit.model.portfolio import Partnership
from partnerkit.model.risks import Risk
from partnerkit.model.terms import Condition, Fee, Incentive, Penalty, Sla, Split
from partnerkit.model.units import with_unit


@dataclass(frozen=True)
class Change:
    """One thing that changed. ``kind`` is a stable slug (``rag``, ``risk-rescored``, ...);
    ``subject`` names the bucket, item id or field it is about; ``note`` carries the head's
    evidence for rating changes."""

    kind: str
    subject: str
    text: str
    before: str | None = None
    after: str | None = None
    note: str | None = None


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def number(value: float | None, unit: str | None = None) -> str:
    """A value for people, with its unit: 1.2M EUR, 650k, 99.5%; 'none' when there is none."""
    return "none" if value is None else with_unit(value, unit)


def pairs(before: Iterable[T], after: Iterable[T]) -> tuple[list[T], list[tuple[T, T]], list[T]]:
    """(added, kept as (old, new), removed), matched by id, in the head's order."""
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    added = [item for key, item in new.items() if key not in old]
    kept = [(old[key], item) for key, item in new.items() if key in old]
    return added, kept, [item for key, item in old.items() if key not in new]


def _who(handle: str | None) -> str:
    return handle or "nobody"


# --- charter, status, RACI -----------------------------------------------------------------


def charter_changes(base: Partnership, head: Partnership) -> list[Change]:
    """The charter's own fields, then its renewal criteria (objectives: :func:`objective_changes`)."""
    b, h = base.charter, head.charter
    return (_field_changes(b, h) if b and h else []) + renewal_changes(base, head)


def _field_changes(b: Charter, h: Charter) -> list[Change]:
    fields = (
        ("id", "id", b.id, h.id),
        ("name", "name", b.name, h.name),
        ("partner", "partner", b.partner.name, h.partner.name),
        ("type", "type", b.type, h.type),
        ("stage", "stage", b.stage, h.stage),
        ("tier", "tier", b.tier, h.tier),
        ("owner", "owner", _who(b.owner), _who(h.owner)),
        ("sponsor", "sponsor", _who(b.sponsor), _who(h.sponsor)),
        ("cadence", "review cadence", b.governance.cadence or "none", h.governance.cadence or "none"),
    )
    return [Change(kind, kind, f"{label} {old} -> {new}", old, new) for kind, label, old, new in fields if old != new]


def status_changes(base: Partnership, head: Partnership, buckets: Sequence[str]) -> list[Change]:
    old = base.status.buckets if base.status else {}
    new = head.status.buckets if head.status else {}
    order = list(buckets) + sorted((set(old) | set(new)) - set(buckets))
    changes = []
    for bucket in order:
        b, h = old.get(bucket), new.get(bucket)
        if b is None and h is None:
            continue
        before, after = (b.rag if b else "unrated"), (h.rag if h else "unrated")
        evidence = h.evidence if h and h.evidence else None
        if before != after:
            said = f" (evidence: {evidence})" if evidence else " (no evidence given)" if h else ""
            changes.append(Change("rag", bucket, f"{bucket} went {before} -> {after}{said}", before, after, evidence))
        elif (b.evidence if b else None) != evidence and h is not None:
            text = (
                f"{bucket} stays {after}; evidence now: {evidence}"
                if evidence
                else f"{bucket} stays {after}; its evidence was removed"
            )
            changes.append(Change("rag-evidence", bucket, text, b.evidence if b else None, evidence, evidence))
    return changes


def raci_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, kept, removed = pairs(base.raci.activities if base.raci else (), head.raci.activities if head.raci else ())
    changes = [
        Change("raci-added", a.id, f"activity {a.id} added: {a.name} ({a.bucket}), accountable {_names(a.accountable)}")
        for a in added
    ]
    changes += [Change("raci-removed", a.id, f"activity {a.id} removed: {a.name}") for a in removed]
    for b, h in kept:
        if b.accountable != h.accountable:
            old, new = _names(b.accountable), _names(h.accountable)
            changes.append(
                Change("raci-accountable", h.id, f"activity {h.id} ({h.name}): accountable {old} -> {new}", old, new)
            )
    return changes


def _names(handles: list[str]) -> str:
    return ", ".join(handles) or "nobody"


# --- objectives ------------------------------------------------------------------------------


def objective_changes(base: Partnership, head: Partnership) -> list[Change]:
    """Objectives added, removed, re-rated (planned -> at-risk, achieved on a date), re-dated,
    reworded, moved to another bucket, or measured by other KPIs."""
    old = {_key(o): o for o in (base.charter.objectives if base.charter else ())}
    new = {_key(o): o for o in (head.charter.objectives if head.charter else ())}
    changes = []
    for key, o in new.items():
        if key not in old:
            changes.append(Change("objective-added", key, f"{_objective(o)} added: {_about(o)}", None, o.status))
    changes += [
        Change("objective-removed", key, f"{_objective(o)} removed: {o.text}", o.status)
        for key, o in old.items()
        if key not in new
    ]
    for key, h in new.items():
        b = old.get(key)
        if b is not None:
            changes.extend(_objective_moves(key, b, h))
    return changes


def _key(o: Objective) -> str:
    return o.id or " ".join(o.text.split())


def _objective(o: Objective) -> str:
    """'objective O2', or 'objective "Sign the MSA"' for one without an id."""
    return f"objective {o.id}" if o.id else f'objective "{o.text}"'


def _about(o: Objective) -> str:
    """'Certify ten sellers (Enable, due 2027-03-31, planned, measured by K2)'."""
    facts = [
        o.bucket or "",
        f"due {o.due}" if o.due else "",
        o.status or "",
        f"measured by {', '.join(o.kpis)}" if o.kpis else "",
    ]
    shown = ", ".join(f for f in facts if f)
    return f"{o.text} ({shown})" if shown else o.text


def _objective_moves(key: str, b: Objective, h: Objective) -> list[Change]:
    name = _objective(h)
    found = []
    was, now = b.status or "no status", h.status or "no status"
    what = f": {h.text}" if h.id else ""  # without an id the name is already the text
    if h.status == "achieved" and b.status != "achieved":
        on = f" on {h.done}" if h.done else ""
        found.append(Change("objective-status", key, f"{name} achieved{on} (was {was}){what}", was, now))
    elif was != now:
        found.append(Change("objective-status", key, f"{name} {was} -> {now}{what}", was, now))
    elif h.status == "achieved" and b.done != h.done:
        old_done, new_done = str(b.done or "none"), str(h.done or "none")
        found.append(Change("objective-status", key, f"{name} achieved: date {old_done} -> {new_done}", was, now))
    if b.due != h.due:
        old_due, new_due = str(b.due or "none"), str(h.due or "none")
        found.append(Change("objective-due", key, f"{name} due {old_due} -> {new_due}", old_due, new_due))
    if b.kpis != h.kpis:
        old_kpis, new_kpis = ", ".join(b.kpis) or "none", ", ".join(h.kpis) or "none"
        found.append(
            Change("objective-kpis", key, f"{name} measured by KPIs {old_kpis} -> {new_kpis}", old_kpis, new_kpis)
        )
    if h.id and b.text != h.text:
        found.append(Change("objective-text", key, f"{name} reworded: {b.text} -> {h.text}", b.text, h.text))
    if b.bucket != h.bucket:
        old_bucket, new_bucket = b.bucket or "no bucket", h.bucket or "no bucket"
        found.append(
            Change("objective-bucket", key, f"{name} moved {old_bucket} -> {new_bucket}", old_bucket, new_bucket)
        )
    return found


# --- renewal criteria ------------------------------------------------------------------------


def renewal_changes(base: Partnership, head: Partnership) -> list[Change]:
    """The charter's renewal criteria added, removed or changed ('renewal criterion changed:
    K2 >= 80% of plan -> K2 >= 90% of plan'). Criteria have no id, so one that means the same
    (however spaced or ordered) is kept; a removed and an added criterion are one change when
    they are the only ones on their KPI, as a renegotiated threshold is; otherwise they are shown
    as removed and added rather than guessed at."""
    old, new = _criteria(base), _criteria(head)
    asked_before, asked_now = {_meaning(c) for c in old}, {_meaning(c) for c in new}
    gone = [c for c in old if _meaning(c) not in asked_now]
    came = [c for c in new if _meaning(c) not in asked_before]
    moved: dict[str, tuple[Condition, Condition]] = {}
    for c in came:
        was, now = [o for o in gone if o.kpi == c.kpi], [n for n in came if n.kpi == c.kpi]
        if len(was) == len(now) == 1:
            moved[c.kpi] = (was[0], c)
    changes = [
        Change("renewal-criterion-added", c.kpi, f"renewal criterion added: {c}", None, str(c))
        for c in came
        if c.kpi not in moved
    ]
    changes += [
        Change("renewal-criterion-removed", c.kpi, f"renewal criterion removed: {c}", str(c))
        for c in gone
        if c.kpi not in moved
    ]
    changes += [
        Change("renewal-criterion-changed", kpi, f"renewal criterion changed: {b} -> {h}", str(b), str(h))
        for kpi, (b, h) in moved.items()
    ]
    return changes


def _criteria(p: Partnership) -> list[Condition]:
    return p.charter.renewal_criteria if p.charter else []


def _meaning(c: Condition) -> tuple[str, str, float, str | None]:
    """What a criterion asks, without its spelling: 'K4 >= 99.5%' asks what 'K4 >= 99.5' does."""
    return c.kpi, c.op, c.value, c.of


# --- KPIs, risks ---------------------------------------------------------------------------


def kpi_changes(base: Partnership, head: Partnership, as_of: dt.date) -> list[Change]:
    """KPIs added and removed; for the others, new or corrected measurements, targets and
    baselines moved, and plan changes (target date, milestones, baseline date, kind), with where
    the KPI stands against its plan on ``as_of`` before and after when that moved."""
    added, kept, removed = pairs(base.kpis.kpis if base.kpis else (), head.kpis.kpis if head.kpis else ())
    changes = []
    for k in added:
        target = f", target {number(k.target, k.unit)}" if k.target is not None else ""
        by = f" by {k.target_date}" if k.target is not None and k.target_date else ""
        changes.append(
            Change("kpi-added", k.id, f"KPI {k.id} added: {k.name}{target}{by}", None, number(k.target, k.unit))
        )
    changes += [Change("kpi-removed", k.id, f"KPI {k.id} removed: {k.name}") for k in removed]
    for b, h in kept:
        changes.extend(_kpi(b, h, as_of, base.started, head.started))
    return changes


def _kpi(b: Kpi, h: Kpi, as_of: dt.date, started_before: dt.date | None, started_now: dt.date | None) -> list[Change]:
    found: list[Change] = []
    old = {m.date: m.value for m in b.measurements}
    fresh = sorted((m for m in h.measurements if m.date not in old), key=lambda m: m.date)
    corrected = sorted((m for m in h.measurements if m.date in old and old[m.date] != m.value), key=lambda m: m.date)
    if fresh:
        words = ", ".join(f"{number(m.value, h.unit)} on {m.date}" for m in fresh)
        latest = fresh[-1]
        found.append(
            Change(
                "kpi-measurement",
                h.id,
                f"KPI {h.id}: new measurement{'s' if len(fresh) > 1 else ''} {words}",
                None,
                number(latest.value, h.unit),
            )
        )
    for m in corrected:
        was, now = number(old[m.date], h.unit), number(m.value, h.unit)
        found.append(
            Change("kpi-measurement", h.id, f"KPI {h.id}: measurement on {m.date} corrected {was} -> {now}", was, now)
        )
    if b.target != h.target:
        was, now = number(b.target, b.unit), number(h.target, h.unit)
        found.append(
            Change("kpi-target", h.id, f"KPI {h.id}: target {_moved(b.target, h.target)}{was} -> {now}", was, now)
        )
    if b.baseline != h.baseline:
        was, now = number(b.baseline, b.unit), number(h.baseline, h.unit)
        found.append(Change("kpi-baseline", h.id, f"KPI {h.id}: baseline {was} -> {now}", was, now))
    if b.value != h.value:
        text = (
            f"KPI {h.id}: now counted as {h.value} in the ROI" + (f" (was {b.value})" if b.value else "")
            if h.value
            else f"KPI {h.id}: no longer counted in the ROI (was {b.value})"
        )
        found.append(Change("kpi-value", h.id, text, b.value, h.value))
    found.extend(_plan(b, h))
    phrase = _standing(b, h, as_of, started_before, started_now)
    if found and phrase:
        first = found[0]
        found[0] = Change(first.kind, first.subject, f"{first.text}; {phrase}", first.before, first.after, first.note)
    return found


def _moved(before: float | None, after: float | None) -> str:
    """'raised ' or 'lowered ' for a target that moved, '' when one side has none."""
    if before is None or after is None:
        return ""
    return "raised " if after > before else "lowered "


def _plan(b: Kpi, h: Kpi) -> list[Change]:
    """The KPI's dated plan: target date, milestones, baseline date and kind (``kpi-plan``)."""
    found = []
    for label, was_d, now_d in (
        ("target date", b.target_date, h.target_date),
        ("baseline date", b.baseline_date, h.baseline_date),
    ):
        if was_d != now_d:
            was, now = str(was_d or "none"), str(now_d or "none")
            found.append(Change("kpi-plan", h.id, f"KPI {h.id}: {label} {was} -> {now}", was, now))
    old = {m.date: m.value for m in b.milestones}
    new = {m.date: m.value for m in h.milestones}
    if old != new:
        moves = [
            f"{day} {number(new[day], h.unit)} added"
            if day not in old
            else f"{day} removed"
            if day not in new
            else f"{day} {number(old[day], b.unit)} -> {number(new[day], h.unit)}"
            for day in sorted(set(old) | set(new))
            if old.get(day) != new.get(day)
        ]
        found.append(
            Change(
                "kpi-plan",
                h.id,
                f"KPI {h.id}: milestone{'s' if len(moves) > 1 else ''} {'; '.join(moves)}",
                _milestones(b.milestones, b.unit),
                _milestones(h.milestones, h.unit),
            )
        )
    if b.kind != h.kind:
        found.append(Change("kpi-plan", h.id, f"KPI {h.id}: kind {b.kind} -> {h.kind}", b.kind, h.kind))
    return found


def _milestones(milestones: list[Milestone], unit: str | None) -> str:
    return ", ".join(f"{m.date} {number(m.value, unit)}" for m in sorted(milestones, key=lambda m: m.date)) or "none"


def _standing(b: Kpi, h: Kpi, as_of: dt.date, started_before: dt.date | None, started_now: dt.date | None) -> str:
    """Where the KPI stands after the change, when that moved: against its dated plan on
    ``as_of`` ('80% -> 104% of plan'), else as attainment of its final target ('attainment 40%
    -> 60%'). Moving a plan's dates moves where the KPI stands without a new measurement."""
    was_p, now_p = b.progress(as_of, started_before), h.progress(as_of, started_now)
    if now_p is not None and now_p.planned:
        now = _percent(max(now_p.share, 0))
        if was_p is None:
            return f"now {now} of plan"
        if not was_p.planned:
            return f"now {now} of plan (was {_percent(max(was_p.of_target, 0))} of the way to target)"
        was = _percent(max(was_p.share, 0))
        return "" if was == now else f"{was} -> {now} of plan"
    was_a, now_a = b.attainment(), h.attainment()
    if now_a is None or (was_a is not None and round(was_a * 100) == round(now_a * 100)):
        return ""
    return (
        f"attainment {_percent(was_a)} -> {_percent(now_a)}"
        if was_a is not None
        else f"attainment now {_percent(now_a)}"
    )


def _percent(value: float | None) -> str:
    return "none" if value is None else f"{value * 100:.0f}%"


def _score(r: Risk) -> str:
    return f"{r.likelihood}x{r.impact}={r.exposure}"


def risk_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, kept, removed = pairs(base.risks.risks if base.risks else (), head.risks.risks if head.risks else ())
    changes = [
        Change("risk-added", r.id, f"risk {r.id} added: {r.title} ({_score(r)}, {r.status})", None, _score(r))
        for r in added
    ]
    changes += [Change("risk-removed", r.id, f"risk {r.id} removed from the register: {r.title}") for r in removed]
    for b, h in kept:
        if b.is_open and not h.is_open:
            on = f" on {h.closed}" if h.closed else ""
            changes.append(Change("risk-closed", h.id, f"risk {h.id} closed{on}: {h.title}", b.status, h.status))
        elif not b.is_open and h.is_open:
            changes.append(
                Change("risk-reopened", h.id, f"risk {h.id} reopened ({h.status}): {h.title}", b.status, h.status)
            )
        elif b.status != h.status:
            changes.append(Change("risk-status", h.id, f"risk {h.id}: {b.status} -> {h.status}", b.status, h.status))
        if (b.likelihood, b.impact) != (h.likelihood, h.impact):
            changes.append(
                Change("risk-rescored", h.id, f"risk {h.id}: {_score(b)} -> {_score(h)}", _score(b), _score(h))
            )
    return changes


DECISION_WORDS = {
    "renew": "renew",
    "expand": "renew and expand",
    "reduce": "renew with a reduced scope",
    "renegotiate": "renegotiate",
    "exit": "exit",
}
"""A renewal decision as people say it."""
RENEWED = ("renew", "expand", "reduce")
"""Decisions that keep the agreement going (``agreement-renewed``)."""


def _label(a: Agreement) -> str:
    if a.title:
        return a.title
    kind = a.kind.upper()
    return kind if a.id.lower() == a.kind else f"{kind} {a.id}"


def agreement_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, kept, removed = pairs(
        base.agreements.agreements if base.agreements else (), head.agreements.agreements if head.agreements else ()
    )
    changes = []
    for a in added:
        if a.status == "signed":
            changes.append(
                Change("agreement-signed", a.id, f"{_label(a)} signed{_on(a.signed)}{_until(a.expiry)}", None, "signed")
            )
        else:
            changes.append(Change("agreement-added", a.id, f"{_label(a)} added ({a.status})", None, a.status))
    changes += [Change("agreement-removed", a.id, f"{_label(a)} removed") for a in removed]
    for b, h in kept:
        if b.status != h.status:
            kind = {"signed": "agreement-signed", "terminated": "agreement-terminated"}.get(
                h.status, "agreement-status"
            )
            text = {
                "agreement-signed": f"{_label(h)} signed{_on(h.signed)}{_until(h.expiry)}",
                "agreement-terminated": f"{_label(h)} terminated",
            }.get(kind, f"{_label(h)}: {b.status} -> {h.status}")
            changes.append(Change(kind, h.id, text, b.status, h.status))
        if b.expiry != h.expiry:
            old, new = str(b.expiry or "none"), str(h.expiry or "none")
            changes.append(Change("agreement-expiry", h.id, f"{_label(h)} expiry moved {old} -> {new}", old, new))
        if h.renewal is not None and h.renewal != b.renewal:
            kind = "agreement-renewed" if h.renewal.decision in RENEWED else "agreement-renewal"
            when = f" on {h.renewal.decided}" if h.renewal.decided else ""
            was = b.renewal.decision if b.renewal else None
            words = DECISION_WORDS.get(h.renewal.decision, h.renewal.decision)
            changes.append(Change(kind, h.id, f"{_label(h)}: renewal decided{when}: {words}", was, h.renewal.decision))
        changes.extend(term_changes(b, h))
    return changes


def _on(day: dt.date | None) -> str:
    return f" on {day}" if day else ""


def _until(day: dt.date | None) -> str:
    return f" (expires {day})" if day else ""


# --- structured agreement terms --------------------------------------------------------------


def term_changes(b: Agreement, h: Agreement) -> list[Change]:
    """An agreement's structured terms: SLAs added, removed, re-targeted, re-linked or re-priced;
    the revenue and cost shares ('revenue share 70/30 -> 65/35'); fees; incentives and penalties
    added, removed or changed."""
    label = _label(h)
    changes = _sla_changes(label, h.id, b.sla, h.sla)
    for noun, kind, was, now in (
        ("revenue share", "revenue-share", b.revenue_share, h.revenue_share),
        ("cost share", "cost-share", b.cost_share, h.cost_share),
    ):
        if was != now:
            changes.append(_share_change(label, h.id, noun, kind, was, now))
    changes += _fee_changes(label, h.id, b.fees, h.fees)
    changes += _condition_changes(label, "incentive", b.incentives, h.incentives)
    changes += _condition_changes(label, "penalty", b.penalties, h.penalties)
    return changes


def _sla_changes(label: str, agreement: str, before: list[Sla], after: list[Sla]) -> list[Change]:
    added, kept, removed = pairs(before, after)
    changes = [
        Change(
            "sla-added",
            f"{agreement}/{s.id}",
            f"{label}: SLA {s.id} added: {s.metric}, target {number(s.target, s.unit)}"
            + (f", measured by {s.kpi}" if s.kpi else ", measured by no KPI"),
            None,
            number(s.target, s.unit),
        )
        for s in added
    ]
    changes += [
        Change(
            "sla-removed", f"{agreement}/{s.id}", f"{label}: SLA {s.id} removed: {s.metric}", number(s.target, s.unit)
        )
        for s in removed
    ]
    for old, new in kept:
        subject = f"{agreement}/{new.id}"
        if (old.target, old.unit) != (new.target, new.unit):
            was, now = number(old.target, old.unit), number(new.target, new.unit)
            changes.append(Change("sla-target", subject, f"{label}: SLA {new.id} target {was} -> {now}", was, now))
        if old.kpi != new.kpi:
            was, now = old.kpi or "none", new.kpi or "none"
            changes.append(
                Change("sla-kpi", subject, f"{label}: SLA {new.id} measured by KPI {was} -> {now}", was, now)
            )
        if old.penalty != new.penalty:
            was, now = old.penalty or "none", new.penalty or "none"
            changes.append(Change("sla-penalty", subject, f"{label}: SLA {new.id} penalty {was} -> {now}", was, now))
    return changes


def _share_change(label: str, agreement: str, noun: str, kind: str, was: Split | None, now: Split | None) -> Change:
    """'revenue share 70/30 -> 65/35' (ours first), or what else changed when the split did not."""
    old, new = (was.words() if was else "none"), (now.words() if now else "none")
    if old != new:
        return Change(kind, agreement, f"{label}: {noun} {old} -> {new}", old, new)
    fields = [key for key in ("of", "kpi", "covers") if getattr(was, key, None) != getattr(now, key, None)]
    return Change(kind, agreement, f"{label}: {noun} {new}: {', '.join(fields) or 'terms'} changed", old, new)


def _fee_words(f: Fee) -> str:
    """'3% of private-offer value, annual, paid by us'."""
    parts = [
        number(f.amount, f.unit) + (f" of {f.of}" if f.of else ""),
        f.period or "",
        f"paid by {f.payer}" if f.payer else "",
    ]
    return ", ".join(part for part in parts if part)


def _fee_changes(label: str, agreement: str, before: list[Fee], after: list[Fee]) -> list[Change]:
    old = {f.name: f for f in before}
    new = {f.name: f for f in after}
    changes = []
    for name, f in new.items():
        words = _fee_words(f)
        if name not in old:
            changes.append(
                Change("fee-added", f"{agreement}/{name}", f"{label}: fee {name} added: {words}", None, words)
            )
        elif old[name] != f:
            was = _fee_words(old[name])
            changes.append(
                Change("fee-changed", f"{agreement}/{name}", f"{label}: fee {name} {was} -> {words}", was, words)
            )
    changes += [
        Change("fee-removed", f"{agreement}/{name}", f"{label}: fee {name} removed", _fee_words(f))
        for name, f in old.items()
        if name not in new
    ]
    return changes


def _condition_changes(
    label: str, noun: str, before: Sequence[Incentive | Penalty], after: Sequence[Incentive | Penalty]
) -> list[Change]:
    """Incentives or penalties added, removed, or with another condition or outcome."""
    added, kept, removed = pairs(before, after)
    changes = [
        Change(f"{noun}-added", x.id, f"{label}: {noun} {x.id} added: when {x.when}: {_outcome(x)}", None, str(x.when))
        for x in added
    ]
    changes += [
        Change(f"{noun}-removed", x.id, f"{label}: {noun} {x.id} removed: when {x.when}: {_outcome(x)}", str(x.when))
        for x in removed
    ]
    for old, new in kept:
        if str(old.when) != str(new.when):
            was, now = str(old.when), str(new.when)
            changes.append(Change(f"{noun}-changed", new.id, f"{label}: {noun} {new.id} when {was} -> {now}", was, now))
        if _outcome(old) != _outcome(new):
            was, now = _outcome(old), _outcome(new)
            changes.append(Change(f"{noun}-changed", new.id, f"{label}: {noun} {new.id}: {was} -> {now}", was, now))
    return changes


def _outcome(x: Incentive | Penalty) -> str:
    """What an incentive earns ('2% rebate (rebate)') or what a penalty brings."""
    if isinstance(x, Incentive):
        return x.reward if x.kind == "other" else f"{x.reward} ({x.kind})"
    return x.consequence


def action_changes(base: Partnership, head: Partnership, as_of: dt.date) -> list[Change]:
    added, kept, removed = pairs(
        base.actions.actions if base.actions else (), head.actions.actions if head.actions else ()
    )
    changes = []
    for a in added:
        if a.is_open:
            changes.append(Change("action-opened", a.id, f"action {a.id} opened: {a.title}{_due(a)}", None, a.state))
        else:
            changes.append(
                Change("action-closed", a.id, f"action {a.id} recorded as {a.state}: {a.title}", None, a.state)
            )
    changes += [Change("action-removed", a.id, f"action {a.id} removed: {a.title}") for a in removed]
    for b, h in kept:
        if b.is_open and not h.is_open:
            on = f" on {h.done}" if h.done else ""
            changes.append(Change("action-closed", h.id, f"action {h.id} {h.state}{on}: {h.title}", b.state, h.state))
        elif not b.is_open and h.is_open:
            changes.append(
                Change("action-reopened", h.id, f"action {h.id} reopened: {h.title}{_due(h)}", b.state, h.state)
            )
        if h.is_open and b.due != h.due:
            old, new = str(b.due or "none"), str(h.due or "none")
            changes.append(Change("action-due", h.id, f"action {h.id}: due {old} -> {new}", old, new))
    before = {b.id: b for b in (base.actions.actions if base.actions else ())}
    for a in head.actions.actions if head.actions else ():
        if a.due is not None and _newly_overdue(before.get(a.id), a, as_of):
            late = (as_of - a.due).days
            changes.append(
                Change(
                    "action-overdue",
                    a.id,
                    f"action {a.id} is overdue: due {a.due} ({late} day{'s' if late != 1 else ''} ago): {a.title}",
                    None,
                    str(a.due),
                )
            )
    return changes


def _newly_overdue(b: Action | None, h: Action, as_of: dt.date) -> bool:
    """Overdue in head, and the change made it so: the action is new, reopened, or re-dated."""
    if not (h.is_open and h.due and h.due < as_of):
        return False
    return b is None or not b.is_open or b.due != h.due


def _due(a: Action) -> str:
    parts = [f"due {a.due}" if a.due else "", a.owner or ""]
    shown = ", ".join(p for p in parts if p)
    return f" ({shown})" if shown else ""


def review_changes(base: Partnership, head: Partnership) -> list[Change]:
    added, _, removed = pairs(
        base.reviews.reviews if base.reviews else (), head.reviews.reviews if head.reviews else ()
    )
    changes = []
    for r in sorted(added, key=lambda r: r.date):
        kind = "QBR" if r.kind == "qbr" else f"{r.kind} review"
        decided = f"; decided: {'; '.join(r.decisions)}" if r.decisions else ""
        changes.append(Change("review-added", r.id, f"{kind} {r.id} held on {r.date}{decided}", None, str(r.date)))
    changes += [Change("review-removed", r.id, f"review {r.id} of {r.date} removed") for r in removed]
    return changes


# --- the joint business plan ---------------------------------------------------------------


def plan_changes(base: Partnership, head: Partnership) -> list[Change]:
    """The joint business plan: added, removed, or replaced by the next period's plan; its period,
    status and sign-off; the market opportunity; per bucket the objectives and actions it names,
    KPI targets set, raised, lowered or re-dated ('plan FY27: target for K2 raised 1.2M -> 1.5M
    USD'); and each side's commitments added, removed, re-dated, re-sized or delivered ('plan
    FY27: partner commitment C3 delivered on 2026-10-28: Two solution architects certified')."""
    b, h = base.plan, head.plan
    if b is None or h is None:
        if h is not None:
            text = f"joint business plan {h.label} added ({_span(h)}, {h.status})"
            return [Change("plan-added", h.label, text, None, h.status)]
        return [Change("plan-removed", b.label, f"joint business plan {b.label} removed", b.status)] if b else []
    if b.period.from_ != h.period.from_:  # the next period's plan, not an edit of this one
        text = f"joint business plan {b.label} replaced by {h.label} ({_span(h)}, {h.status})"
        return [Change("plan-replaced", h.label, text, b.label, h.label)]
    name = f"plan {h.label}"
    changes = []
    if b.period.label != h.period.label:
        changes.append(Change("plan-period", h.label, f"plan {b.label} renamed {h.label}", b.label, h.label))
    if b.period.to != h.period.to:
        was, now = str(b.period.to), str(h.period.to)
        changes.append(Change("plan-period", h.label, f"{name}: period ends {was} -> {now}", was, now))
    changes += _plan_status(name, b, h)
    if b.market_opportunity != h.market_opportunity:
        said = f"now: {h.market_opportunity}" if h.market_opportunity else "removed"
        changes.append(
            Change(
                "plan-opportunity",
                h.label,
                f"{name}: market opportunity {said}",
                b.market_opportunity,
                h.market_opportunity,
            )
        )
    for bucket in [*h.buckets, *(k for k in b.buckets if k not in h.buckets)]:
        was_b, now_b = b.buckets.get(bucket, BucketPlan()), h.buckets.get(bucket, BucketPlan())
        for kind, noun, old_ids, new_ids in (
            ("plan-objectives", "objective", was_b.objectives, now_b.objectives),
            ("plan-activities", "action", was_b.activities, now_b.activities),
        ):
            for verb, ids in (
                ("added", [i for i in new_ids if i not in old_ids]),
                ("removed", [i for i in old_ids if i not in new_ids]),
            ):
                if ids:
                    plural = "s" if len(ids) > 1 else ""
                    text = f"{name}: {bucket} {noun}{plural} {', '.join(ids)} {verb}"
                    changes.append(Change(kind, bucket, text, ", ".join(old_ids), ", ".join(new_ids)))
        changes += _target_changes(name, bucket, was_b, now_b, head)
    changes += _commitment_changes(name, b, h)
    return changes


def _span(plan: Plan) -> str:
    return f"{plan.period.from_} to {plan.period.to}"


def _plan_status(name: str, b: Plan, h: Plan) -> list[Change]:
    """Agreed (with who signed and when), or another move of status; then the sign-off itself."""
    found = []
    old, new = b.agreed or SignOff(), h.agreed or SignOff()
    if h.status == "agreed" and b.status != "agreed":
        on = f" on {new.date}" if new.date else ""
        signed = " and ".join(who for who in (new.us, new.partner) if who) or "nobody yet"
        text = f"{name} agreed{on} (was {b.status}): signed off by {signed}"
        found.append(Change("plan-status", h.label, text, b.status, h.status))
        return found
    if b.status != h.status:
        found.append(Change("plan-status", h.label, f"{name} {b.status} -> {h.status}", b.status, h.status))
    for side, words in (("us", "our side"), ("partner", "the partner")):
        was, now = getattr(old, side), getattr(new, side)
        if was != now:
            text = (
                f"{name}: signed off for {words} by {now}" + (f" (was {was})" if was else "")
                if now
                else f"{name}: sign-off for {words} removed (was {was})"
            )
            found.append(Change("plan-signoff", side, text, was, now))
    if old.date != new.date:
        was_d, now_d = str(old.date or "none"), str(new.date or "none")
        found.append(Change("plan-signoff", "date", f"{name}: agreed on {was_d} -> {now_d}", was_d, now_d))
    return found


def _target_changes(name: str, bucket: str, b: BucketPlan, h: BucketPlan, head: Partnership) -> list[Change]:
    """Targets are matched by KPI id within their bucket."""
    old = {t.kpi: t for t in b.targets}
    new = {t.kpi: t for t in h.targets}
    found = []
    for kpi, t in new.items():
        measured = head.kpi(kpi)
        unit = measured.unit if measured else None
        was = old.get(kpi)
        label = f"{name}: target for {kpi}"
        if was is None:
            by = f" by {t.target_date}" if t.target_date else ""
            text = f"{label} ({bucket}) set: {number(t.target, unit)}{by}"
            found.append(Change("plan-target", kpi, text, None, number(t.target, unit)))
            continue
        if was.target != t.target:
            before, after = number(was.target, unit), number(t.target, unit)
            text = f"{label} {_moved(was.target, t.target)}{before} -> {after}"
            found.append(Change("plan-target", kpi, text, before, after))
        if was.target_date != t.target_date:
            before, after = str(was.target_date or "the period's end"), str(t.target_date or "the period's end")
            found.append(Change("plan-target", kpi, f"{label}: date {before} -> {after}", before, after))
        if {m.date: m.value for m in was.milestones} != {m.date: m.value for m in t.milestones}:
            before, after = _milestones(was.milestones, unit), _milestones(t.milestones, unit)
            found.append(Change("plan-target", kpi, f"{label}: milestones {before} -> {after}", before, after))
    for kpi, t in old.items():
        if kpi not in new:
            measured = head.kpi(kpi)
            was_text = number(t.target, measured.unit if measured else None)
            text = f"{name}: target for {kpi} ({bucket}) removed (was {was_text})"
            found.append(Change("plan-target", kpi, text, was_text, None))
    return found


def _whose(c: Commitment) -> str:
    return "our" if c.side == "us" else "partner"


def _commitment_changes(name: str, b: Plan, h: Plan) -> list[Change]:
    """Commitments are matched by id across the plan, so moving one to another bucket is a move."""
    old = {c.id: (bucket, c) for bucket, _, c in b.commitments()}
    new = {c.id: (bucket, c) for bucket, _, c in h.commitments()}
    found = []
    for cid, (bucket, c) in new.items():
        label = f"{name}: {_whose(c)} commitment {cid}"
        if cid not in old:
            facts = [bucket, number(c.amount, c.unit) if c.amount is not None else "", f"due {c.due}" if c.due else ""]
            text = f"{label} added: {c.what} ({', '.join(f for f in facts if f)})"
            found.append(Change("plan-commitment-added", cid, text, None, c.what))
            if c.delivered:
                text = f"{label} delivered on {c.delivered}: {c.what}"
                found.append(Change("plan-commitment-delivered", cid, text, None, str(c.delivered)))
            continue
        was_bucket, was = old[cid]
        if c.delivered and not was.delivered:
            text = f"{label} delivered on {c.delivered}: {c.what}"
            found.append(Change("plan-commitment-delivered", cid, text, None, str(c.delivered)))
        elif was.delivered and not c.delivered:
            text = f"{label} no longer marked delivered (was {was.delivered}): {c.what}"
            found.append(Change("plan-commitment", cid, text, str(was.delivered), None))
        elif was.delivered != c.delivered:
            text = f"{label}: delivered {was.delivered} -> {c.delivered}"
            found.append(Change("plan-commitment", cid, text, str(was.delivered), str(c.delivered)))
        moves = (
            ("due", str(was.due or "none"), str(c.due or "none")),
            ("amount", number(was.amount, was.unit), number(c.amount, c.unit)),
            ("side", was.side, c.side),
            ("moved", was_bucket, bucket),
            ("reworded", was.what, c.what),
        )
        for what, before, after in moves:
            if before != after:
                text = f"{label} reworded: {after}" if what == "reworded" else f"{label} {what} {before} -> {after}"
                found.append(Change("plan-commitment", cid, text, before, after))
    for cid, (_, c) in old.items():
        if cid not in new:
            text = f"{name}: {_whose(c)} commitment {cid} removed: {c.what}"
            found.append(Change("plan-commitment-removed", cid, text, c.what, None))
    return found


# --- money ----------------------------------------------------------------------------------


def financial_changes(base: Partnership, head: Partnership) -> list[Change]:
    """financials.yaml: amounts recorded, removed or corrected, matched by id ('value F4 recorded:
    revenue, 350k USD on 2026-09-30 (Three co-sold deals)', 'cost F2: amount 90k EUR -> 95k EUR'),
    and the file's default currency."""
    b, h = base.financials, head.financials
    changes = []
    if b and h and b.currency != h.currency:
        text = f"financials: default currency {b.currency} -> {h.currency}"
        changes.append(Change("financial-currency", "currency", text, b.currency, h.currency))
    added, kept, removed = pairs(b.entries if b else (), h.entries if h else ())
    for e in added:
        said = _amount(h, e)
        changes.append(Change("financial-added", e.id, f"{_entry(e)} recorded: {said}{_note(e)}", None, said))
    for e in removed:
        said = _amount(b, e)
        changes.append(Change("financial-removed", e.id, f"{_entry(e)} removed (was {said}){_note(e)}", said, None))
    for old, new in kept:
        label = _entry(new)
        moves = (
            ("what", _sort(old), _sort(new)),
            ("amount", money(old.amount, _currency(b, old)), money(new.amount, _currency(h, new))),
            ("dated", str(old.date), str(new.date)),
        )
        for what, before, after in moves:
            if before != after:
                text = f"{label}: {before} -> {after}" if what == "what" else f"{label}: {what} {before} -> {after}"
                changes.append(Change("financial-changed", new.id, text, before, after))
        if old.note != new.note and new.note:
            changes.append(Change("financial-changed", new.id, f"{label}: note now {new.note}", old.note, new.note))
    return changes


def _entry(e: Entry) -> str:
    """'cost F2', 'value F4', "the partner's investment F6"."""
    return f"{e.kind} {e.id}" if e.side == "us" else f"the partner's {e.kind} {e.id}"


def _sort(e: Entry) -> str:
    """'our value, revenue', "the partner's investment, mdf"."""
    whose = "our" if e.side == "us" else "the partner's"
    return f"{whose} {e.kind}, {e.category}"


def _currency(f: Financials | None, e: Entry) -> str | None:
    return f.currency_of(e) if f else e.currency


def _amount(f: Financials | None, e: Entry) -> str:
    return f"{e.category}, {money(e.amount, _currency(f, e))} on {e.date}"


def _note(e: Entry) -> str:
    return f" ({e.note})" if e.note else ""
