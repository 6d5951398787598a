"""The executive report's view model: plain data for the Markdown and HTML templates. Pure.

``build`` takes what the other ends of the pipeline already computed (the portfolio, each
partnership's health, the portfolio summary, the lint findings and the due items) and the day the
report is for, and returns frozen dataclasses of text, numbers and dates. It never prints, reads
the clock or touches files; the templates do no arithmetic beyond drawing. Values written by users
(names, evidence, titles, links) are passed on as they are: escaping them is the renderer's job,
because Markdown and HTML escape differently.

Shape (every list in display order)::

    Report
      as_of, horizon_days, until, buckets, tiers
      summary: PortfolioSummary   counts by band, RAG, stage and tier; per-bucket RAG counts
                                  (the heat map's footer); weakest bucket; average score; the
                                  portfolio's ROI (total, by tier, the top 3 partners' share of value)
      partnerships: [Scorecard]   portfolio order; one per partnership in scope
        id, name, partner, ... identity
        score: value, shown ("85?" when unknown), band, band_words, coverage, covered, buckets,
               reasons [Reason(component, points, text)] (suppressions apart)
        suppressions: ["PK403 risk-high-unmitigated: <reason>"]
        maturity: level, name, next_name, missing
        cells: [Cell] one per bucket: rag (green/amber/red/None), stale, letter (G/A/R/-, G? when
               stale), evidence...
        objectives: [Objective]   id, text, bucket, due, status, done, open, overdue, kpis [KpiLink]
        plan: [PlanBucket]        per bucket: its rating, objectives (with the KPIs that measure
                                  them and their progress against plan) and open actions
        kpis: [KpiView]           baseline, target, target_date, latest, progress against plan
                                  (share, state, words), attainment, bar (clamped), trend
        risks: RiskMatrix         counts[likelihood-1][impact-1] of OPEN risks, and their list
        agreements: [AgreementView]  dates, notice_by, window_opens, renewal state; structured terms:
                                  slas [SlaView] (met or breached by the linked KPI's latest value),
                                  revenue_share / cost_share (ShareView: split or tiers, the tier in
                                  force), fees, incentives and penalties [ConditionView] (met today?)
        open_actions, last_review, next_review, findings
        roi: RoiView | None       the return on investment, (value - cost) / cost, over its period, with the
                                  inputs in words; None when the partnership records no money
      upcoming: Upcoming          the next ``horizon_days``: overdue, renewals, reviews, actions...
      renewals: [Brief]           a renewal brief (report/renewal.py) per agreement inside its renewal window
      findings: FindingsSummary   lint findings by severity and by rule
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from partnerkit.diagnostics import Diagnostic
from partnerkit.due import DueItem
from partnerkit.health import Health, Summary
from partnerkit.health.maturity import LEVELS
from partnerkit.health.roi import PortfolioRoi, Roi, percent
from partnerkit.health.score import Reason
from partnerkit.model.agreements import Agreement
from partnerkit.model.charter import Objective as CharterObjective
from partnerkit.model.common import CADENCE_DAYS
from partnerkit.model.kpis import Kpi, Progress
from partnerkit.model.portfolio import Partnership, Portfolio
from partnerkit.model.terms import CostShare, Fee, Incentive, Penalty, RevenueShare, Sla
from partnerkit.model.units import with_unit
from partnerkit.report.renewal import DECISION_WINDOW_DAYS, Brief, briefs, notice_dates, renewal_state, window_days
from partnerkit.rules.settings import resolve_settings

HORIZON_DAYS = 90
"""How far ahead the report looks for renewals, reviews and other dates."""
BAR_MAX = 1.2
"""KPI bars run from the baseline (0) to 120% of the way to the target, so overachievement shows."""
TREND_POINTS = 12
"""At most this many of the latest measurements feed a KPI's sparkline."""
OPEN_RISK_STATUSES = ("open", "mitigating")
RAG_ORDER = ("green", "amber", "red", "stale", "unrated")
"""How the summary counts ratings: a stale one (PK603) counts as stale, never as its colour."""
BAND_ORDER = ("healthy", "watch", "at-risk", "unknown")
SEVERITY_ORDER = ("error", "warning", "info")
RAG_LETTER = {"green": "G", "amber": "A", "red": "R", None: "-"}
NO_BUCKET = ""
"""The plan's group for objectives and actions that name no bucket."""
DUE_KIND_LABEL = {
    "expiry": "agreement expires",
    "renewal-notice": "renewal notice due",
    "risk-review": "risk review",
    "action": "action due",
    "objective": "objective due",
    "kpi-measurement": "KPI measurement",
    "review": "governance review",
    "commitment": "plan commitment due",
    "plan-end": "plan period ends",
}


# --- per partnership ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreView:
    value: int
    band: str  # healthy, watch, at-risk, or unknown (not enough evidence)
    reasons: tuple[Reason, ...]  # what costs points, biggest first (suppressions are the scorecard's)
    lost: float  # points lost in all
    coverage: float = 1.0  # evidence coverage: the share of buckets backed by current facts
    covered: int = 0  # buckets backed by current facts
    buckets: int = 0  # of how many

    @property
    def unknown(self) -> bool:
        return self.band == "unknown"

    @property
    def shown(self) -> str:
        """The score as the heat map prints it: '85', or '85?' when the band is unknown."""
        return f"{self.value}?" if self.unknown else str(self.value)

    @property
    def band_words(self) -> str:
        """'watch', or 'unknown: not enough evidence (2 of 6 buckets backed by current facts)'."""
        if not self.unknown:
            return self.band
        return f"unknown: not enough evidence ({self.covered} of {self.buckets} buckets backed by current facts)"


@dataclass(frozen=True)
class MaturityView:
    level: int  # 0-5
    name: str  # "none" at level 0
    next_name: str | None  # the next level's name; None at level 5
    missing: tuple[str, ...]  # what the next level still needs


@dataclass(frozen=True)
class Cell:
    """One partnership x bucket square of the heat map."""

    bucket: str
    rag: str | None  # green, amber, red; None when not rated
    letter: str  # G, A, R or -; G?, A?, R? when stale
    evidence: str
    owner: str
    updated: dt.date | None
    stale: bool = False  # older than the staleness window (PK603): drawn as such, not counted as current


@dataclass(frozen=True)
class KpiView:
    id: str
    name: str
    bucket: str
    unit: str
    direction: str  # up: higher is better; down: lower is better
    owner: str
    baseline: float | None
    target: float | None
    latest: float | None
    latest_date: dt.date | None
    latest_note: str
    attainment: float | None  # share of the way from baseline to target (1.0 = met); unclamped
    bar: float | None  # progress clamped to 0..BAR_MAX, for drawing (1.0 = where the plan expects it today)
    met: bool  # the final target is reached
    trend: tuple[float, ...]  # the latest TREND_POINTS values, oldest first
    trend_dates: tuple[dt.date, ...]
    target_date: dt.date | None = None
    planned: bool = False  # judged against a dated plan (target_date or milestones)
    progress: float | None = None  # share of plan (planned), else of the way to the target; unclamped
    expected: float | None = None  # what the plan expects by the as-of day (planned only)
    state: str = ""  # ahead, on track, behind plan; "" without a dated plan or a measurement
    words: str = ""  # '80% of plan (expected 30, actual 24)', '65% of the way from baseline to target'


@dataclass(frozen=True)
class RiskView:
    id: str
    title: str
    category: str
    likelihood: int
    impact: int
    exposure: int
    status: str
    owner: str
    mitigation: str
    review_by: dt.date | None


@dataclass(frozen=True)
class RiskMatrix:
    """Open risks (status open or mitigating) counted by likelihood x impact."""

    counts: tuple[tuple[int, ...], ...]  # counts[likelihood - 1][impact - 1]
    open: tuple[RiskView, ...]  # highest exposure first
    total: int  # risks in the register, open or not
    highest: int  # the highest open exposure (0 when none is open)

    def count(self, likelihood: int, impact: int) -> int:
        return self.counts[likelihood - 1][impact - 1]


@dataclass(frozen=True)
class SlaView:
    """A service level and whether the KPI that measures it keeps it today."""

    id: str
    metric: str
    target: float
    unit: str  # the SLA's unit, else its KPI's
    direction: str  # up: the target is a floor (at least); down: a ceiling (at most)
    kpi: str  # the KPI id as linked; "" when none is
    kpi_name: str  # "" when the id is not in kpis.yaml
    latest: float | None  # the KPI's latest measurement
    latest_date: dt.date | None
    state: str  # met, breached, not measured, no KPI, unknown KPI
    penalty: str

    @property
    def bound(self) -> str:
        return "at most" if self.direction == "down" else "at least"


@dataclass(frozen=True)
class ConditionView:
    """An incentive or a penalty, and whether its condition holds today."""

    id: str
    kind: str  # an incentive's kind (rebate, bonus, mdf, recognition, other); "" for a penalty
    when: str  # the condition as written: 'K1 >= 1500000', 'K2 >= 80% of plan'
    outcome: str  # the reward or the consequence
    kpi: str
    actual: float | None  # what the condition compares: the KPI's latest value, or its share in percent
    unit: str  # of ``actual``: the KPI's unit, or % for a share of plan or target
    met: bool | None  # None when it cannot be told (unknown KPI, no measurement)

    @property
    def state(self) -> str:
        return "unknown" if self.met is None else "met" if self.met else "not met"


@dataclass(frozen=True)
class TierView:
    start: float  # the tier's `from`
    us: float
    partner: float
    current: bool  # the tier the KPI's latest value has reached


@dataclass(frozen=True)
class ShareView:
    """A revenue or cost share: a split (us/partner in percent), or revenue tiers."""

    us: float | None
    partner: float | None
    about: str  # what is shared (`of`), or which costs (`covers`)
    tiers: tuple[TierView, ...] = ()
    kpi: str = ""  # the KPI whose latest value picks the tier
    latest: float | None = None
    unit: str = ""  # the KPI's unit (of the tiers' thresholds)
    words: str = ""  # '70/30', or '90/10 from 0; 88/12 from 2M' (ours first)


@dataclass(frozen=True)
class FeeView:
    name: str
    words: str  # '3% of private-offer value, annual, paid by us'


@dataclass(frozen=True)
class AgreementView:
    id: str
    kind: str
    title: str
    status: str
    signed: dt.date | None
    effective: dt.date | None
    expiry: dt.date | None
    auto_renew: bool
    notice_days: int
    notice_by: dt.date | None  # expiry - renewal_notice_days: the last day to give notice
    window_opens: dt.date | None  # notice_by - the window's days: when the renewal decision is due to be taken
    decision: str  # renew, renegotiate, exit, or "" when none is recorded
    decided: dt.date | None
    decision_note: str
    renewal_state: str  # none, decided, expired, notice-passed, window-open, later
    days_to_notice: int | None
    days_to_expiry: int | None
    terms: str
    document: str  # as written: the renderer decides whether it may be a link
    slas: tuple[SlaView, ...] = ()
    revenue_share: ShareView | None = None
    cost_share: ShareView | None = None
    fees: tuple[FeeView, ...] = ()
    incentives: tuple[ConditionView, ...] = ()
    penalties: tuple[ConditionView, ...] = ()

    @property
    def structured(self) -> bool:
        """It carries structured terms (SLAs, shares, fees, incentives or penalties)."""
        return bool(
            self.slas or self.revenue_share or self.cost_share or self.fees or self.incentives or self.penalties
        )


@dataclass(frozen=True)
class ActionView:
    id: str
    title: str
    bucket: str
    owner: str
    due: dt.date | None
    state: str
    overdue: bool
    days_overdue: int


@dataclass(frozen=True)
class ReviewView:
    id: str
    date: dt.date
    kind: str
    summary: str
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class KpiLink:
    """A KPI an objective names, as the plan shows it."""

    id: str
    name: str
    state: str  # ahead, on track, behind plan; "" when it cannot be judged
    words: str  # Progress.words(); "not measured yet"; "not in kpis.yaml" for an unknown id
    found: bool  # the id names a KPI in kpis.yaml


@dataclass(frozen=True)
class Objective:
    text: str
    bucket: str
    due: dt.date | None
    id: str = ""
    status: str = ""  # planned, on-track, at-risk, achieved, missed, dropped; "" when not given
    done: dt.date | None = None
    open: bool = True  # not achieved, missed or dropped
    overdue: bool = False  # open and past its due date
    days_overdue: int = 0
    kpis: tuple[KpiLink, ...] = ()  # the KPIs that measure it, as linked in the charter


@dataclass(frozen=True)
class PlanBucket:
    """One bucket of the plan: its rating, what it should achieve and what is being done."""

    bucket: str  # NO_BUCKET ("") for objectives and actions that name none
    cell: Cell | None  # the bucket's rating; None for NO_BUCKET and buckets outside the portfolio's
    objectives: tuple[Objective, ...]  # open first (by due date), then closed
    actions: tuple[ActionView, ...]  # open actions, overdue first, then by due date


@dataclass(frozen=True)
class Contact:
    name: str
    role: str


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int


@dataclass(frozen=True)
class RoiView:
    """A partnership's return on investment: (value - cost) / cost over ``since`` to ``until``."""

    ratio: float | None  # None when it cannot be worked out (``problem`` says why)
    shown: str  # '300%', or 'unknown'
    currency: str  # of value and cost; '' when the amounts could not be summed
    value: float  # attributed value: recorded values and value KPIs
    cost: float  # our investments and costs
    since: dt.date | None
    until: dt.date
    inputs: tuple[str, ...]  # what went in, in words
    problem: str  # why there is no ratio; '' when there is one


@dataclass(frozen=True)
class Scorecard:
    id: str
    label: str  # what tables call it: the partner's name, or the partnership's name when partners repeat
    name: str
    partner: str
    partner_website: str
    type: str
    tier: str
    stage: str
    owner: str
    sponsor: str
    started: dt.date | None
    summary: str
    value_proposition: str
    benefit_us: tuple[str, ...]
    benefit_partner: tuple[str, ...]
    objectives: tuple[Objective, ...]  # charter order
    contacts: tuple[Contact, ...]
    score: ScoreView
    maturity: MaturityView
    cells: tuple[Cell, ...]  # one per bucket, in the portfolio's bucket order
    kpis: tuple[KpiView, ...]
    risks: RiskMatrix
    agreements: tuple[AgreementView, ...]
    open_actions: tuple[ActionView, ...]  # overdue first, then by due date
    last_review: ReviewView | None
    next_review: dt.date | None
    review_overdue: bool
    cadence: str
    findings: tuple[Finding, ...]  # errors first
    plan: tuple[PlanBucket, ...] = ()  # the portfolio's bucket order; buckets with nothing planned left out
    suppressions: tuple[str, ...] = ()  # 'PK403 risk-high-unmitigated: <reason>', one per suppression in use
    roi: RoiView | None = None  # None when the partnership records no money


# --- portfolio ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketCounts:
    bucket: str
    green: int
    amber: int
    red: int
    stale: int  # rated, but not updated within the staleness window: counted apart from the colours
    unrated: int


@dataclass(frozen=True)
class TierRoi:
    tier: str
    ratio: float | None
    shown: str  # '270%', or 'unknown'
    value: float
    cost: float
    partnerships: int


@dataclass(frozen=True)
class PartnerValue:
    partner: str
    value: float
    share: float  # of the portfolio's value


@dataclass(frozen=True)
class PortfolioRoiView:
    """ROI over the partnerships whose own ROI could be worked out, summed in one currency."""

    ratio: float | None
    shown: str  # '284%', or 'unknown'
    currency: str
    value: float
    cost: float
    partnerships: int  # summed
    by_tier: tuple[TierRoi, ...]  # the portfolio's tier order
    top: tuple[PartnerValue, ...]  # the (up to three) partners bringing the most value, most first
    concentration: float | None  # the share of value the top partners bring
    left_out: tuple[str, ...]  # 'harbor-crm: no cost of ours is recorded, ...'


@dataclass(frozen=True)
class PortfolioSummary:
    partnerships: int
    average_score: int | None
    by_band: dict[str, int]  # healthy, watch, at-risk, unknown (zeros included)
    by_rag: dict[str, int]  # green, amber, red, stale, unrated over every partnership x bucket (zeros included)
    by_stage: dict[str, int]
    by_tier: dict[str, int]  # the portfolio's tiers first, in its order
    weakest_bucket: str | None
    buckets: tuple[BucketCounts, ...]  # per bucket, in order: the heat map's footer
    lowest: tuple[Scorecard, ...]  # the (up to three) lowest-scoring partnerships, lowest first
    open_risks: int
    severe_risks: int  # open risks with exposure >= 15
    renewals: int  # agreements in Upcoming.renewals
    renewals_undecided: int
    overdue: int  # items in Upcoming.overdue
    roi: PortfolioRoiView | None = None  # None when no partnership records money


@dataclass(frozen=True)
class DueView:
    date: dt.date
    days: int  # from as_of; negative when overdue
    partnership: str
    partnership_label: str
    kind: str
    kind_label: str
    item: str
    title: str
    owner: str
    overdue: bool


@dataclass(frozen=True)
class RenewalView:
    partnership: str
    partnership_label: str
    agreement: AgreementView


@dataclass(frozen=True)
class Upcoming:
    horizon_days: int
    until: dt.date
    overdue: tuple[DueView, ...]  # every kind, oldest first
    renewals: tuple[
        RenewalView, ...
    ]  # signed agreements whose decision window, notice date or expiry falls before `until`
    reviews: tuple[DueView, ...]  # governance reviews by the cadence
    actions: tuple[DueView, ...]
    objectives: tuple[DueView, ...]  # open objectives' due dates
    risk_reviews: tuple[DueView, ...]
    measurements: tuple[DueView, ...]
    contract_dates: tuple[DueView, ...]  # expiry and renewal-notice dates


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: str
    count: int


@dataclass(frozen=True)
class FindingsSummary:
    total: int
    by_severity: dict[str, int]  # error, warning, info (zeros included)
    by_rule: tuple[RuleCount, ...]  # most severe first, then by code
    partnerships_with_findings: int


@dataclass(frozen=True)
class Report:
    as_of: dt.date
    horizon_days: int
    until: dt.date
    buckets: tuple[str, ...]
    tiers: tuple[str, ...]
    summary: PortfolioSummary
    partnerships: tuple[Scorecard, ...]
    upcoming: Upcoming
    findings: FindingsSummary
    trends: Mapping[str, str] = field(default_factory=dict)
    """Partnership id -> score sparkline over the last changes (``report --history N``)."""
    stale_days: int = 90
    """A rating older than this many days is stale (rule PK603's window)."""
    renewals: tuple[Brief, ...] = ()
    """A renewal brief per agreement inside its renewal window, soonest notice first (without score trends)."""
    window_days: int = DECISION_WINDOW_DAYS
    """An agreement's renewal decision window opens this many days before its notice date (rule PK703's lead_days)."""


# --- building -------------------------------------------------------------------------------


def build(
    portfolio: Portfolio,
    healths: list[Health],
    summary: Summary,
    diagnostics: Iterable[Diagnostic],
    due: Iterable[DueItem],
    as_of: dt.date,
    horizon_days: int = HORIZON_DAYS,
    trends: Mapping[str, str] | None = None,
) -> Report:
    """The report on the partnerships in ``healths``. ``diagnostics`` and ``due`` may cover the
    whole portfolio; only those about the partnerships in ``healths`` are used."""
    buckets = tuple(portfolio.config.buckets)
    in_scope = {h.partnership.id for h in healths}
    findings = [d for d in diagnostics if d.partnership in in_scope]
    partners = Counter(h.partnership.charter.partner.name for h in healths if h.partnership.charter)
    window = window_days(portfolio.config)
    cards = tuple(_scorecard(h, buckets, as_of, partners, window) for h in healths)
    names = {c.id: c.label for c in cards}
    until = as_of + dt.timedelta(days=horizon_days)
    upcoming = _upcoming(
        [i for i in due if i.partnership in in_scope and i.date <= until], cards, names, as_of, until, horizon_days
    )
    return Report(
        as_of=as_of,
        horizon_days=horizon_days,
        until=until,
        buckets=buckets,
        tiers=tuple(portfolio.config.tiers),
        summary=_summary(summary, cards, buckets, tuple(portfolio.config.tiers), upcoming),
        partnerships=cards,
        upcoming=upcoming,
        findings=_findings(findings),
        trends=dict(trends or {}),
        stale_days=_stale_days(portfolio),
        renewals=briefs(portfolio, healths, as_of, history_note="not read by the report").briefs,
        window_days=window,
    )


def _stale_days(portfolio: Portfolio) -> int:
    """Rule status-stale's window, as the health assessment reads it."""
    options = resolve_settings(portfolio.config).options.get("PK603")
    return int(options.max_age_days) if options else 90


def _scorecard(h: Health, buckets: tuple[str, ...], as_of: dt.date, partners: Counter[str], window: int) -> Scorecard:
    p = h.partnership
    c = p.charter
    label = p.id if c is None else c.partner.name if partners[c.partner.name] == 1 else c.name
    reviews = sorted(p.reviews.reviews, key=lambda r: (r.date, r.id)) if p.reviews else []
    last = reviews[-1] if reviews else None
    next_review = _next_review(p, last.date if last else None)
    actions = [a for a in (p.actions.actions if p.actions else ()) if a.is_open]
    action_views = [
        ActionView(
            a.id,
            a.title,
            a.bucket or "",
            a.owner or "",
            a.due,
            a.state,
            bool(a.due and a.due < as_of),
            (as_of - a.due).days if a.due and a.due < as_of else 0,
        )
        for a in actions
    ]
    action_views.sort(key=lambda a: (not a.overdue, a.due or dt.date.max, a.id))
    cells = tuple(_cell(h, b) for b in buckets)
    kpi_views = tuple(_kpi(k, as_of, p.started) for k in (p.kpis.kpis if p.kpis else ()))
    objectives = tuple(_objective(o, kpi_views, as_of) for o in (c.objectives if c else ()))
    e = h.evidence
    return Scorecard(
        id=p.id,
        label=label,
        name=c.name if c else p.id,
        partner=c.partner.name if c else "",
        partner_website=(c.partner.website or "") if c else "",
        type=c.type if c else "",
        tier=c.tier if c else "",
        stage=c.stage if c else "",
        owner=(c.owner or "") if c else "",
        sponsor=(c.sponsor or "") if c else "",
        started=c.dates.started if c else None,
        summary=(c.summary or "") if c else "",
        value_proposition=(c.value_proposition or "") if c else "",
        benefit_us=tuple(c.mutual_benefit.us) if c else (),
        benefit_partner=tuple(c.mutual_benefit.partner) if c else (),
        objectives=objectives,
        contacts=tuple(Contact(k.name, k.role or "") for k in c.contacts) if c else (),
        score=ScoreView(
            h.score.value,
            h.score.band,
            tuple(r for r in h.score.reasons if r.component != "suppressed"),
            round(sum(r.points for r in h.score.reasons), 1),
            h.score.coverage,
            len(e.covered),
            e.buckets,
        ),
        maturity=MaturityView(
            h.maturity.level,
            h.maturity.name,
            LEVELS[h.maturity.level] if h.maturity.level < len(LEVELS) else None,
            h.maturity.missing,
        ),
        cells=cells,
        kpis=kpi_views,
        risks=_risk_matrix(p),
        agreements=tuple(_agreement(a, as_of, p, window) for a in (p.agreements.agreements if p.agreements else ())),
        open_actions=tuple(action_views),
        last_review=ReviewView(last.id, last.date, last.kind, last.summary or "", tuple(last.decisions))
        if last
        else None,
        next_review=next_review,
        review_overdue=bool(next_review and next_review < as_of),
        cadence=(c.governance.cadence or "") if c else "",
        findings=tuple(
            Finding(d.code, d.name, d.severity.value, d.message, d.path, d.line)
            for d in sorted(h.diagnostics, key=lambda d: (-d.severity.rank, d.sort_key))
        ),
        plan=_plan(buckets, cells, objectives, action_views),
        suppressions=tuple(h.suppressions),
        roi=_roi(h.roi),
    )


def _shown(ratio: float | None) -> str:
    return "unknown" if ratio is None else percent(ratio)


def _roi(r: Roi | None) -> RoiView | None:
    if r is None:
        return None
    return RoiView(
        r.ratio, _shown(r.ratio), r.currency or "", r.value, r.cost, r.since, r.until, r.inputs, r.problem or ""
    )


def _portfolio_roi(r: PortfolioRoi | None, tiers: tuple[str, ...]) -> PortfolioRoiView | None:
    if r is None:
        return None
    order = {t: i for i, t in enumerate(tiers)}
    by_tier = tuple(
        TierRoi(tier, g.ratio, _shown(g.ratio), g.value, g.cost, g.partnerships)
        for tier, g in sorted(r.by_tier.items(), key=lambda kv: (order.get(kv[0], len(tiers)), kv[0]))
    )
    total = r.total.value
    return PortfolioRoiView(
        r.ratio,
        _shown(r.ratio),
        r.currency or "",
        total,
        r.total.cost,
        r.total.partnerships,
        by_tier,
        tuple(PartnerValue(partner, value, value / total if total > 0 else 0.0) for partner, value in r.top),
        r.concentration,
        r.left_out,
    )


def _objective(o: CharterObjective, kpis: tuple[KpiView, ...], as_of: dt.date) -> Objective:
    by_id = {k.id: k for k in kpis}
    links = []
    for kpi_id in o.kpis:
        k = by_id.get(kpi_id)
        if k is None:
            links.append(KpiLink(kpi_id, "", "", "not in kpis.yaml", False))
        else:
            links.append(KpiLink(k.id, k.name, k.state, k.words or "not measured yet", True))
    overdue = bool(o.is_open and o.due and o.due < as_of)
    return Objective(
        text=o.text,
        bucket=o.bucket or NO_BUCKET,
        due=o.due,
        id=o.id or "",
        status=o.status or "",
        done=o.done,
        open=o.is_open,
        overdue=overdue,
        days_overdue=(as_of - o.due).days if overdue and o.due else 0,
        kpis=tuple(links),
    )


def _plan(
    buckets: tuple[str, ...], cells: tuple[Cell, ...], objectives: tuple[Objective, ...], actions: list[ActionView]
) -> tuple[PlanBucket, ...]:
    """The partnership's plan by bucket: in the portfolio's bucket order, then buckets it does
    not know (alphabetically), then what names no bucket; buckets with nothing planned are left out."""
    named = {o.bucket for o in objectives} | {a.bucket for a in actions}
    order = [*buckets, *sorted(named - set(buckets) - {NO_BUCKET}), NO_BUCKET]
    by_bucket = {cell.bucket: cell for cell in cells}
    plan = []
    for bucket in order:
        mine = sorted(
            (o for o in objectives if o.bucket == bucket),
            key=lambda o: (not o.open, o.due or dt.date.max, o.id, o.text),
        )
        doing = tuple(a for a in actions if a.bucket == bucket)
        if mine or doing:
            plan.append(PlanBucket(bucket, by_bucket.get(bucket), tuple(mine), doing))
    return tuple(plan)


def _next_review(p: Partnership, last: dt.date | None) -> dt.date | None:
    """The last review plus the cadence (from the start date when nothing was reviewed yet), as ``due`` counts it."""
    c = p.charter
    if c is None or c.governance.cadence is None:
        return None
    start = last or c.dates.started
    return start + dt.timedelta(days=CADENCE_DAYS[c.governance.cadence]) if start else None


def _cell(h: Health, bucket: str) -> Cell:
    p = h.partnership
    entry = p.status.buckets.get(bucket) if p.status else None
    if entry is None:
        return Cell(bucket, None, RAG_LETTER[None], "", "", None)
    stale = h.stale(bucket)
    letter = RAG_LETTER[entry.rag] + ("?" if stale else "")
    return Cell(bucket, entry.rag, letter, entry.evidence or "", entry.owner or "", entry.updated, stale)


def _kpi(k: Kpi, as_of: dt.date, started: dt.date | None) -> KpiView:
    latest = k.latest
    attainment = k.attainment()
    progress: Progress | None = k.progress(as_of, started)
    share = progress.share if progress else None
    history = sorted(k.measurements, key=lambda m: m.date)[-TREND_POINTS:]
    return KpiView(
        id=k.id,
        name=k.name,
        bucket=k.bucket,
        unit=k.unit or "",
        direction=k.direction,
        owner=k.owner or "",
        baseline=k.baseline,
        target=k.target,
        latest=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        latest_note=(latest.note or "") if latest else "",
        attainment=attainment,
        bar=None if share is None else min(max(share, 0.0), BAR_MAX),
        met=attainment is not None and attainment >= 1,
        trend=tuple(m.value for m in history),
        trend_dates=tuple(m.date for m in history),
        target_date=k.target_date,
        planned=bool(progress and progress.planned),
        progress=share,
        expected=progress.expected if progress and progress.planned else None,
        state=progress.state if progress and progress.planned else "",  # without a dated plan, the words say it
        words=progress.words() if progress else "",
    )


def _risk_matrix(p: Partnership) -> RiskMatrix:
    risks = p.risks.risks if p.risks else []
    grid = [[0] * 5 for _ in range(5)]
    open_risks = []
    for r in risks:
        if r.status in OPEN_RISK_STATUSES:
            grid[r.likelihood - 1][r.impact - 1] += 1
            open_risks.append(
                RiskView(
                    r.id,
                    r.title,
                    r.category,
                    r.likelihood,
                    r.impact,
                    r.exposure,
                    r.status,
                    r.owner or "",
                    r.mitigation or "",
                    r.review_by,
                )
            )
    open_risks.sort(key=lambda r: (-r.exposure, r.id))
    return RiskMatrix(
        tuple(tuple(row) for row in grid),
        tuple(open_risks),
        len(risks),
        max((r.exposure for r in open_risks), default=0),
    )


def _agreement(a: Agreement, as_of: dt.date, p: Partnership, window: int) -> AgreementView:
    notice_by, window_opens = notice_dates(a, window)
    return AgreementView(
        id=a.id,
        kind=a.kind,
        title=a.title or "",
        status=a.status,
        signed=a.signed,
        effective=a.effective,
        expiry=a.expiry,
        auto_renew=a.auto_renew,
        notice_days=a.renewal_notice_days,
        notice_by=notice_by,
        window_opens=window_opens,
        decision=a.renewal.decision if a.renewal else "",
        decided=a.renewal.decided if a.renewal else None,
        decision_note=(a.renewal.note or "") if a.renewal else "",
        renewal_state=renewal_state(a, as_of, window),
        days_to_notice=(notice_by - as_of).days if notice_by else None,
        days_to_expiry=(a.expiry - as_of).days if a.expiry else None,
        terms=a.terms or "",
        document=a.document or "",
        # the structured terms as they stand on as_of, judged by the partnership's KPIs
        slas=tuple(_sla(s, p) for s in a.sla),
        revenue_share=_revenue_share(a.revenue_share, p) if a.revenue_share else None,
        cost_share=_cost_share(a.cost_share) if a.cost_share else None,
        fees=tuple(FeeView(f.name, _fee_words(f)) for f in a.fees),
        incentives=tuple(_condition(x, x.kind, x.reward, as_of, p) for x in a.incentives),
        penalties=tuple(_condition(x, "", x.consequence, as_of, p) for x in a.penalties),
    )


def _sla(s: Sla, p: Partnership) -> SlaView:
    k = p.kpi(s.kpi) if s.kpi is not None else None
    latest = k.latest if k else None
    breached = s.breached(k)
    state = (
        "no KPI"
        if s.kpi is None
        else "unknown KPI"
        if k is None
        else "not measured"
        if breached is None
        else "breached"
        if breached
        else "met"
    )
    return SlaView(
        id=s.id,
        metric=s.metric,
        target=s.target,
        unit=s.unit or (k.unit if k else None) or "",
        direction=s.direction or (k.direction if k else "up"),
        kpi=s.kpi or "",
        kpi_name=k.name if k else "",
        latest=latest.value if latest else None,
        latest_date=latest.date if latest else None,
        state=state,
        penalty=s.penalty or "",
    )


def _condition(x: Incentive | Penalty, kind: str, outcome: str, as_of: dt.date, p: Partnership) -> ConditionView:
    k = p.kpi(x.when.kpi)
    unit = "%" if x.when.of else (k.unit or "") if k else ""
    return ConditionView(
        x.id,
        kind,
        str(x.when),
        outcome,
        x.when.kpi,
        x.when.actual(k, as_of, p.started),
        unit,
        x.when.met(k, as_of, p.started),
    )


def _revenue_share(r: RevenueShare, p: Partnership) -> ShareView:
    k = p.kpi(r.kpi) if r.kpi is not None else None
    current = r.tier(k)
    tiers = tuple(TierView(t.from_, t.ours or 0, t.theirs or 0, i == current) for i, t in enumerate(r.tiers))
    latest = k.latest if k else None
    return ShareView(
        r.ours if not r.tiers else None,
        r.theirs if not r.tiers else None,
        r.of or "",
        tiers,
        r.kpi or "",
        latest.value if latest else None,
        (k.unit or "") if k else "",
        r.words(),
    )


def _cost_share(c: CostShare) -> ShareView:
    return ShareView(c.ours, c.theirs, c.covers or "", words=c.words())


def _fee_words(f: Fee) -> str:
    """'3% of private-offer value, annual, paid by us'."""
    amount = with_unit(f.amount, f.unit) + (f" of {f.of}" if f.of else "")
    return ", ".join(part for part in (amount, f.period or "", f"paid by {f.payer}" if f.payer else "") if part)


def _due(item: DueItem, names: dict[str, str], as_of: dt.date) -> DueView:
    return DueView(
        item.date,
        (item.date - as_of).days,
        item.partnership,
        names.get(item.partnership, item.partnership),
        item.kind,
        DUE_KIND_LABEL.get(item.kind, item.kind),
        item.item,
        item.title,
        item.owner,
        item.overdue(as_of),
    )


def _upcoming(
    items: list[DueItem],
    cards: tuple[Scorecard, ...],
    names: dict[str, str],
    as_of: dt.date,
    until: dt.date,
    horizon_days: int,
) -> Upcoming:
    views = sorted((_due(i, names, as_of) for i in items), key=lambda v: (v.date, v.partnership, v.kind, v.item))

    def of(*kinds: str) -> tuple[DueView, ...]:
        return tuple(v for v in views if not v.overdue and v.kind in kinds)

    renewals = tuple(
        RenewalView(card.id, card.label, a)
        for card in cards
        if card.stage != "ended"
        for a in card.agreements
        if a.renewal_state in ("decided", "notice-passed", "window-open", "later")
        and a.window_opens is not None
        and a.expiry is not None
        and a.window_opens <= until
        and a.expiry >= as_of
    )
    renewals = tuple(
        sorted(
            renewals,
            key=lambda r: (
                r.agreement.decision != "",
                r.agreement.notice_by,
                r.agreement.expiry,
                r.partnership,
                r.agreement.id,
            ),
        )
    )
    return Upcoming(
        horizon_days=horizon_days,
        until=until,
        overdue=tuple(v for v in views if v.overdue),
        renewals=renewals,
        reviews=of("review"),
        actions=of("action"),
        objectives=of("objective"),
        risk_reviews=of("risk-review"),
        measurements=of("kpi-measurement"),
        contract_dates=of("expiry", "renewal-notice"),
    )


def _summary(
    summary: Summary, cards: tuple[Scorecard, ...], buckets: tuple[str, ...], tiers: tuple[str, ...], upcoming: Upcoming
) -> PortfolioSummary:
    tier_order = {t: i for i, t in enumerate(tiers)}
    by_tier = dict(sorted(summary.by_tier.items(), key=lambda kv: (tier_order.get(kv[0], len(tiers)), kv[0])))
    bucket_counts = tuple(
        BucketCounts(b, *(summary.bucket_rag.get(b, {}).get(rag, 0) for rag in RAG_ORDER)) for b in buckets
    )
    lowest = tuple(sorted(cards, key=lambda c: (c.score.value, c.id))[:3])
    open_risks = [r for c in cards for r in c.risks.open]
    return PortfolioSummary(
        partnerships=len(cards),
        average_score=round(statistics.fmean(c.score.value for c in cards)) if cards else None,
        by_band={band: summary.by_band.get(band, 0) for band in BAND_ORDER},
        by_rag={rag: summary.by_rag.get(rag, 0) for rag in RAG_ORDER},
        by_stage=dict(summary.by_stage),
        by_tier=by_tier,
        weakest_bucket=summary.weakest_bucket,
        buckets=bucket_counts,
        lowest=lowest,
        open_risks=len(open_risks),
        severe_risks=sum(1 for r in open_risks if r.exposure >= 15),
        renewals=len(upcoming.renewals),
        renewals_undecided=sum(1 for r in upcoming.renewals if not r.agreement.decision),
        overdue=len(upcoming.overdue),
        roi=_portfolio_roi(summary.roi, tiers),
    )


def _findings(diagnostics: list[Diagnostic]) -> FindingsSummary:
    severity = Counter(d.severity.value for d in diagnostics)
    rules: Counter[tuple[str, str, str]] = Counter((d.code, d.name, d.severity.value) for d in diagnostics)
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    by_rule = tuple(
        RuleCount(code, name, sev, n)
        for (code, name, sev), n in sorted(rules.items(), key=lambda kv: (rank.get(kv[0][2], 9), kv[0][0], kv[0][1]))
    )
    return FindingsSummary(
        total=len(diagnostics),
        by_severity={s: severity.get(s, 0) for s in SEVERITY_ORDER},
        by_rule=by_rule,
        partnerships_with_findings=len({d.partnership for d in diagnostics if d.partnership}),
    )
