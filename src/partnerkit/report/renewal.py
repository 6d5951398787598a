"""Renewal briefs: the facts a steering committee needs to decide an agreement's renewal. Pure.

An agreement is *inside its renewal window* from the day the decision window opens
(``window_days`` before its notice date, the notice date being its expiry less
``renewal_notice_days``) until it expires. The window is rule PK703's ``lead_days`` (180 unless
the portfolio's settings say otherwise): the six months or so before notice must be given, as
the practice has it, and the days in which PK703 asks for the decision. For each such agreement
(or, asked for all, each agreement with an expiry) :func:`briefs` gathers, as of one day:

- the partnership and the agreement: expiry, notice date, days left, the decision so far;
- the score now and its trend over the agreement's term, from points the caller read from git
  (the CLI; this module never runs git), or why there is no trend;
- each KPI's attainment against its plan;
- every SLA of the partnership's signed agreements, breached or met by its KPI's latest value;
- the open high risks, "high" as rule PK403's threshold has it;
- the return on investment over the term (``partnerkit.health.roi``), with its inputs and period;
- the joint business plan's commitments, delivered, overdue or open, on each side;
- the charter's ``renewal_criteria``, each met, not met or unknown, with the facts behind it.

Values people wrote are passed on as they are; each renderer escapes them for its format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from partnerkit.health import Health
from partnerkit.health.roi import Roi
from partnerkit.health.roi import roi as partnership_roi
from partnerkit.history.points import sparkline
from partnerkit.model.agreements import Agreement
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.kpis import Kpi
from partnerkit.model.portfolio import Partnership, Portfolio
from partnerkit.model.terms import Condition, Sla
from partnerkit.model.units import with_unit
from partnerkit.rules.settings import resolve_settings

DECISION_WINDOW_DAYS = 180
"""A renewal is decided in the six months before its notice date (the practice's 'typically six
months'), unless rule PK703's ``lead_days`` says otherwise (see ``window_days``)."""
HIGH_RISK_DEFAULT = 15
"""Exposure at which a risk is high when rule PK403's threshold cannot be read."""
OPEN_RISK_STATUSES = ("open", "mitigating")
"""Risks the report counts as open (an accepted risk is a decision already taken)."""
SIDES = ("us", "partner")


# --- the renewal window ---------------------------------------------------------------------


def window_days(config: PortfolioConfig) -> int:
    """How many days before its notice date an agreement's renewal decision window opens: rule
    PK703's ``lead_days``, so that the briefs and the report's timelines open the window on the
    day the rule starts asking for the decision."""
    options = resolve_settings(config).options.get("PK703")
    return int(getattr(options, "lead_days", DECISION_WINDOW_DAYS))


def notice_dates(a: Agreement, window: int) -> tuple[dt.date | None, dt.date | None]:
    """(the last day to give notice, the day the decision window opens, ``window`` days before
    it); (None, None) without an expiry."""
    if a.expiry is None:
        return None, None
    notice_by = a.expiry - dt.timedelta(days=a.renewal_notice_days)
    return notice_by, notice_by - dt.timedelta(days=window)


def renewal_state(a: Agreement, as_of: dt.date, window: int) -> str:
    """none (no expiry, or not in force), expired, decided, notice-passed, window-open or later."""
    notice_by, window_opens = notice_dates(a, window)
    if a.status != "signed" or a.expiry is None or notice_by is None or window_opens is None:
        return "none"
    if a.expiry < as_of:
        return "expired"
    if a.renewal is not None:
        return "decided"
    if notice_by < as_of:
        return "notice-passed"
    return "window-open" if window_opens <= as_of else "later"


def in_window(a: Agreement, as_of: dt.date, window: int) -> bool:
    """A signed agreement whose decision window has opened and which has not expired yet."""
    _, window_opens = notice_dates(a, window)
    return bool(
        a.status == "signed" and a.expiry is not None and window_opens is not None and window_opens <= as_of <= a.expiry
    )


def term_start(a: Agreement) -> dt.date | None:
    """When the agreement's term began: its effective date, else the day it was signed."""
    return a.effective or a.signed


# --- the view model -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """A partnership's score at one commit (None when it was not in the portfolio then)."""

    date: dt.date
    commit: str  # the commit id, abbreviated
    score: int | None


@dataclass(frozen=True)
class Trend:
    """The score over the agreement's term, one point per commit that touched the partnership."""

    available: bool  # False when no history could be read (not a git repository, not asked for)
    note: str  # why there is no trend, or what it covers
    since: dt.date | None  # the term's start: points before it are left out
    points: tuple[TrendPoint, ...] = ()  # oldest first

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(p.score for p in self.points if p.score is not None)

    @property
    def first(self) -> int | None:
        return self.scores[0] if self.scores else None

    @property
    def sparkline(self) -> str:
        return sparkline([p.score for p in self.points])


@dataclass(frozen=True)
class AgreementFacts:
    id: str
    kind: str
    title: str
    status: str
    start: dt.date | None  # the term's start: effective, else signed
    expiry: dt.date | None
    notice_days: int
    notice_by: dt.date | None
    window_opens: dt.date | None
    days_to_notice: int | None
    days_to_expiry: int | None
    auto_renew: bool
    state: str  # as renewal_state: decided, notice-passed, window-open, later, expired, none
    decision: str  # renew, expand, reduce, renegotiate, exit; "" when none is recorded
    decided: dt.date | None
    decision_note: str


@dataclass(frozen=True)
class ScoreFacts:
    value: int
    band: str  # healthy, watch, at-risk, unknown
    reasons: tuple[str, ...]  # the three that cost most: 'Support amber -5'

    @property
    def shown(self) -> str:
        return f"{self.value}?" if self.band == "unknown" else str(self.value)


@dataclass(frozen=True)
class KpiFact:
    id: str
    name: str
    unit: str
    latest: float | None
    latest_date: dt.date | None
    target: float | None
    target_date: dt.date | None
    progress: float | None  # share of plan (1.0 = on plan), or of the way to the target without a dated plan
    state: str  # ahead, on track, behind plan; "" without a dated plan or a measurement
    words: str  # '80% of plan (expected 30, actual 24)', 'not measured yet', ...


@dataclass(frozen=True)
class SlaFact:
    agreement: str
    id: str
    metric: str
    bound: str  # at least, at most
    target: float
    unit: str
    kpi: str
    latest: float | None
    latest_date: dt.date | None
    state: str  # met, breached, not measured, no KPI, unknown KPI
    penalty: str

    @property
    def words(self) -> str:
        """'99.93% on 2026-10-31 against at least 99.95%'."""
        committed = f"{self.bound} {with_unit(self.target, self.unit)}"
        if self.latest is None:
            return f"{self.state}; committed {committed}"
        return f"{with_unit(self.latest, self.unit)} on {self.latest_date} against {committed}"


@dataclass(frozen=True)
class RiskFact:
    id: str
    title: str
    likelihood: int
    impact: int
    exposure: int
    status: str
    owner: str
    mitigation: str


@dataclass(frozen=True)
class RoiFacts:
    recorded: bool  # False: the partnership records no money (no financials.yaml entries, no value KPIs)
    words: str  # 'ROI 120% (value 2.2M EUR, cost 1M EUR, 2024-04-01 to 2026-11-25)', or 'not recorded'
    currency: str | None = None
    value: float | None = None
    cost: float | None = None
    ratio: float | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    inputs: tuple[str, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class CommitmentFact:
    id: str
    side: str  # us, partner
    bucket: str
    what: str
    amount: float | None
    unit: str
    due: dt.date | None
    delivered: dt.date | None
    state: str  # delivered, overdue, open
    days_overdue: int


@dataclass(frozen=True)
class Commitments:
    """The joint business plan's commitments, ours then the partner's, each in file order."""

    plan: str  # the plan's label: 'FY27'
    status: str  # draft, agreed, superseded
    items: tuple[CommitmentFact, ...]

    def of(self, side: str, state: str | None = None) -> tuple[CommitmentFact, ...]:
        return tuple(c for c in self.items if c.side == side and (state is None or c.state == state))


@dataclass(frozen=True)
class Criterion:
    """One of the charter's renewal criteria, judged as of the brief's day."""

    text: str  # as written: 'K2 >= 80% of plan'
    kpi: str
    kpi_name: str  # "" when the KPI is not in kpis.yaml
    state: str  # met, not met, unknown
    actual: float | None  # what it compares: the KPI's latest value, or its share of plan/target in percent
    unit: str  # of ``actual``
    facts: str  # 'K2 Partner-sourced pipeline: 72% of plan (expected 1.1M, actual 800k)', or why unknown


@dataclass(frozen=True)
class Brief:
    partnership: str
    label: str  # the partner's name (the partnership's id when the charter cannot be read)
    name: str
    stage: str
    tier: str
    owner: str
    sponsor: str
    agreement: AgreementFacts
    score: ScoreFacts
    trend: Trend
    kpis: tuple[KpiFact, ...]
    slas: tuple[SlaFact, ...]
    risks: tuple[RiskFact, ...]  # open risks at or above the threshold, highest first
    risk_threshold: int
    roi: RoiFacts
    commitments: Commitments | None  # None without a joint business plan
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...] = ()  # what could not be read: 'charter.yaml could not be read in full'

    @property
    def breaches(self) -> tuple[SlaFact, ...]:
        return tuple(s for s in self.slas if s.state == "breached")

    def count(self, state: str) -> int:
        """How many renewal criteria are ``state`` (met, not met, unknown)."""
        return sum(1 for c in self.criteria if c.state == state)

    @property
    def concerns(self) -> tuple[str, ...]:
        """What the committee must weigh: criteria not met, SLAs breached, commitments overdue, high risks."""
        found = [f"criterion {c.text} not met ({c.facts})" for c in self.criteria if c.state == "not met"]
        found += [f"SLA {s.id} of {s.agreement} breached ({s.words})" for s in self.breaches]
        for x in self.commitments.items if self.commitments else ():
            if x.state == "overdue":
                whose = "our" if x.side == "us" else "the partner's"
                found.append(f"{whose} commitment {x.id} ({x.what}) overdue by {x.days_overdue} days")
        found += [
            f"high risk {r.id} {r.title} ({r.likelihood} x {r.impact} = {r.exposure}, {r.status})" for r in self.risks
        ]
        return tuple(found)


@dataclass(frozen=True)
class RenewalPack:
    """The briefs for one day: every agreement inside its renewal window (or, with ``every``,
    every agreement with an expiry), of one partnership or of the portfolio."""

    as_of: dt.date
    partnership: str | None  # the one asked for; None for the whole portfolio
    every: bool
    briefs: tuple[Brief, ...]  # soonest notice date first
    history: str  # where the trends come from, or why there are none
    window_days: int = DECISION_WINDOW_DAYS  # how long before the notice date the decision window opens


# --- building -------------------------------------------------------------------------------

RoiFunction = Callable[..., Roi | None]
"""``partnerkit.health.roi.roi``'s signature: (partnership, as_of, currency, rates, since=...)."""


def selected(
    healths: Iterable[Health], as_of: dt.date, window: int, partnership: str | None = None, every: bool = False
) -> list[tuple[Health, Agreement]]:
    """(health, agreement) for every agreement inside its renewal window of ``window`` days (every
    agreement with an expiry when ``every``), of ``partnership`` or of every partnership that has
    not ended."""
    chosen = []
    for h in healths:
        p = h.partnership
        if partnership is not None and p.id != partnership:
            continue
        if not every and p.charter is not None and p.charter.stage == "ended":
            continue
        for a in p.agreements.agreements if p.agreements else ():
            if (every and a.expiry is not None) or in_window(a, as_of, window):
                chosen.append((h, a))
    return chosen


def briefs(
    portfolio: Portfolio,
    healths: Iterable[Health],
    as_of: dt.date,
    *,
    partnership: str | None = None,
    every: bool = False,
    history: Mapping[str, Sequence[TrendPoint]] | None = None,
    history_note: str = "history unavailable",
    roi: RoiFunction = partnership_roi,
) -> RenewalPack:
    """The renewal briefs as of ``as_of``. ``history`` holds, per partnership id, its score at
    each commit that touched it, oldest first (None: no history could be read, ``history_note``
    says why). ROI is worked out over each agreement's term by ``roi``, in partnerkit.yaml's
    reporting currency."""
    healths = list(healths)
    config = portfolio.config
    threshold = _risk_threshold(portfolio)
    window = window_days(config)
    currency, rates = config.currency, config.rates
    partners: dict[str, int] = {}
    for h in healths:
        c = h.partnership.charter
        if c is not None:
            partners[c.partner.name] = partners.get(c.partner.name, 0) + 1
    built = []
    for h, a in selected(healths, as_of, window, partnership, every):
        points = None if history is None else history.get(h.partnership.id, ())
        built.append(_brief(h, a, as_of, window, threshold, partners, points, history_note, roi, currency, rates))
    built.sort(
        key=lambda b: (
            b.agreement.notice_by or b.agreement.expiry or dt.date.max,
            b.agreement.expiry or dt.date.max,
            b.partnership,
            b.agreement.id,
        )
    )
    return RenewalPack(as_of, partnership, every, tuple(built), history_note, window)


def _risk_threshold(portfolio: Portfolio) -> int:
    """Rule PK403's threshold, as partnerkit.yaml tunes it."""
    options = resolve_settings(portfolio.config).options.get("PK403")
    return int(getattr(options, "threshold", HIGH_RISK_DEFAULT))


def _brief(
    h: Health,
    a: Agreement,
    as_of: dt.date,
    window: int,
    threshold: int,
    partners: Mapping[str, int],
    points: Sequence[TrendPoint] | None,
    history_note: str,
    roi: RoiFunction,
    currency: str | None,
    rates: Mapping[str, float],
) -> Brief:
    p = h.partnership
    c = p.charter
    label = p.id if c is None else c.partner.name if partners.get(c.partner.name, 0) <= 1 else c.name
    start = term_start(a)
    notes = [f"{name} could not be read in full" for name in ("charter.yaml", "kpis.yaml") if p.failed(name)]
    return Brief(
        partnership=p.id,
        label=label,
        name=c.name if c else p.id,
        stage=c.stage if c else "",
        tier=c.tier if c else "",
        owner=(c.owner or "") if c else "",
        sponsor=(c.sponsor or "") if c else "",
        agreement=_agreement(a, as_of, window),
        score=ScoreFacts(
            h.score.value,
            h.score.band,
            tuple(f"{r.text} -{r.points:g}" for r in h.score.reasons if r.points and r.component != "suppressed")[:3],
        ),
        trend=_trend(points, start, history_note),
        kpis=tuple(_kpi(k, as_of, p.started) for k in (p.kpis.kpis if p.kpis else ())),
        slas=tuple(
            _sla(agreement.id, s, p)
            for agreement in (p.agreements.agreements if p.agreements else ())
            if agreement.status == "signed"
            for s in agreement.sla
        ),
        risks=_risks(p, threshold),
        risk_threshold=threshold,
        roi=_roi(p, as_of, start, roi, currency, rates),
        commitments=_commitments(p, as_of),
        criteria=tuple(_criterion(x, p, as_of) for x in (c.renewal_criteria if c else ())),
        notes=tuple(notes),
    )


def _agreement(a: Agreement, as_of: dt.date, window: int) -> AgreementFacts:
    notice_by, window_opens = notice_dates(a, window)
    return AgreementFacts(
        id=a.id,
        kind=a.kind,
        title=a.title or "",
        status=a.status,
        start=term_start(a),
        expiry=a.expiry,
        notice_days=a.renewal_notice_days,
        notice_by=notice_by,
        window_opens=window_opens,
        days_to_notice=(notice_by - as_of).days if notice_by else None,
        days_to_expiry=(a.expiry - as_of).days if a.expiry else None,
        auto_renew=a.auto_renew,
        state=renewal_state(a, as_of, window),
        decision=a.renewal.decision if a.renewal else "",
        decided=a.renewal.decided if a.renewal else None,
        decision_note=(a.renewal.note or "") if a.renewal else "",
    )


def _trend(points: Sequence[TrendPoint] | None, since: dt.date | None, note: str) -> Trend:
    if points is None:
        return Trend(False, note, since)
    kept = tuple(point for point in points if since is None or point.date >= since)
    if not kept:
        when = f" since {since}" if since else ""
        return Trend(True, f"no commit{when} touched the partnership", since, ())
    return Trend(True, "", since, kept)


def _kpi(k: Kpi, as_of: dt.date, started: dt.date | None) -> KpiFact:
    latest = k.latest
    progress = k.progress(as_of, started)
    words = progress.words() if progress else "not measured yet" if latest is None else "no baseline and target"
    return KpiFact(
        id=k.id,
        name=k.name,
        unit=k.unit or "",
        latest=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        target=k.target,
        target_date=k.target_date,
        progress=progress.share if progress else None,
        state=progress.state if progress and progress.planned else "",
        words=words,
    )


def _sla(agreement: str, s: Sla, p: Partnership) -> SlaFact:
    k = p.kpi(s.kpi) if s.kpi is not None else None
    latest = k.latest if k else None
    breached = s.breached(k)
    if s.kpi is None:
        state = "no KPI"
    elif k is None:
        state = "unknown KPI"
    elif breached is None:
        state = "not measured"
    else:
        state = "breached" if breached else "met"
    direction = s.direction or (k.direction if k else "up")
    return SlaFact(
        agreement=agreement,
        id=s.id,
        metric=s.metric,
        bound="at most" if direction == "down" else "at least",
        target=s.target,
        unit=s.unit or (k.unit if k else None) or "",
        kpi=s.kpi or "",
        latest=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        state=state,
        penalty=s.penalty or "",
    )


def _risks(p: Partnership, threshold: int) -> tuple[RiskFact, ...]:
    high = [
        RiskFact(r.id, r.title, r.likelihood, r.impact, r.exposure, r.status, r.owner or "", r.mitigation or "")
        for r in (p.risks.risks if p.risks else ())
        if r.status in OPEN_RISK_STATUSES and r.exposure >= threshold
    ]
    return tuple(sorted(high, key=lambda r: (-r.exposure, r.id)))


def _roi(
    p: Partnership,
    as_of: dt.date,
    since: dt.date | None,
    roi: RoiFunction,
    currency: str | None,
    rates: Mapping[str, float],
) -> RoiFacts:
    found = roi(p, as_of, currency, rates, since=since)
    if found is None:
        return RoiFacts(False, "not recorded")
    return RoiFacts(
        True,
        found.words(),
        found.currency,
        found.value,
        found.cost,
        found.ratio,
        found.since,
        found.until,
        tuple(found.inputs),
        found.problem or "",
    )


def _commitments(p: Partnership, as_of: dt.date) -> Commitments | None:
    plan = p.plan
    if plan is None:
        return None
    items = []
    for bucket, _, c in plan.commitments():
        late = c.delivered is None and c.due is not None and c.due < as_of
        state = "delivered" if c.delivered is not None else "overdue" if late else "open"
        items.append(
            CommitmentFact(
                c.id,
                c.side,
                bucket,
                c.what,
                c.amount,
                c.unit or "",
                c.due,
                c.delivered,
                state,
                (as_of - c.due).days if late and c.due else 0,
            )
        )
    items.sort(key=lambda x: SIDES.index(x.side))  # stable: file order within each side
    return Commitments(plan.label, plan.status, tuple(items))


def _criterion(x: Condition, p: Partnership, as_of: dt.date) -> Criterion:
    k = p.kpi(x.kpi)
    met = x.met(k, as_of, p.started)
    actual = x.actual(k, as_of, p.started)
    unit = "%" if x.of else (k.unit or "") if k else ""
    if k is None:
        facts = f"KPI {x.kpi} is not in kpis.yaml"
    elif k.latest is None:
        facts = f"{k.id} {k.name}: not measured yet"
    elif x.of is not None:
        progress = k.progress(as_of, p.started)
        if progress is None:
            facts = f"{k.id} {k.name}: no baseline and target to measure progress against"
        elif x.of == "plan":
            facts = f"{k.id} {k.name}: {progress.words()}"
        else:
            facts = f"{k.id} {k.name}: {max(progress.of_target, 0):.0%} of the way from baseline to target"
    else:
        facts = f"{k.id} {k.name}: {with_unit(k.latest.value, k.unit)} on {k.latest.date}"
    return Criterion(
        text=str(x),
        kpi=x.kpi,
        kpi_name=k.name if k else "",
        state="unknown" if met is None else "met" if met else "not met",
        actual=actual,
        unit=unit,
        facts=facts,
    )
