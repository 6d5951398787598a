"""The joint business plan: agreed by both sides for the period under way, commitments kept,
targets backed by KPIs and references that resolve."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from pydantic import Field

from partnerkit.diagnostics import DataPath, Finding, Severity
from partnerkit.model.common import Record, Stage
from partnerkit.model.plan import Commitment, Plan
from partnerkit.model.portfolio import Partnership
from partnerkit.rules.base import Context, found, rule

PLAN = "plan.yaml"
_NOT_UNDER_WAY = ("prospect", "ended")
"""Stages in which a plan's dates are not yet (or no longer) binding."""
_SIGN_OFF = "`agreed: {us: handle, partner: contact name, date: YYYY-MM-DD}`"


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def _stage(p: Partnership) -> str:
    return p.charter.stage if p.charter else ""


def _plan(plan: Plan) -> str:
    return f"the joint business plan {plan.label}"


def _commitment(c: Commitment) -> str:
    """'the partner's commitment C3 (Two solution architects certified)'."""
    whose = "our" if c.side == "us" else "the partner's"
    return f"{whose} commitment {c.id} ({c.what})"


class PlanMissingOptions(Record):
    tiers: list[str] = Field(
        default_factory=lambda: ["strategic", "key"], description="Tiers that need an agreed joint business plan."
    )
    stages: list[Stage] = Field(
        default_factory=lambda: ["active", "renewal"], description="Lifecycle stages that need one."
    )


@rule(
    "PK251",
    "plan-missing",
    Severity.WARNING,
    "A key or strategic partnership under way has no agreed joint business plan for today.",
    why="The joint business plan is what both sides agreed to do together this period: the objectives, the "
    "targets and what each side puts in. Reviews judge results against it; without an agreed plan for the "
    "period under way, a review has nothing to judge against and neither side has committed anything.",
    bad="# charter.yaml: tier: key, stage: active\n# no plan.yaml, or one whose period ended on 2026-06-30",
    good="period: {name: FY27, from: 2026-07-01, to: 2027-06-30}\nstatus: agreed\n"
    "agreed: {us: ana, partner: Jane Roe, date: 2026-07-14}",
    options=PlanMissingOptions,
)
def plan_missing(p: Partnership, ctx: Context) -> Iterator[Finding]:
    charter = p.charter
    if charter is None or charter.tier not in ctx.options.tiers or charter.stage not in ctx.options.stages:
        return
    if p.failed(PLAN):
        return
    plan = p.plan
    who = f"this {charter.tier} partnership ({charter.stage})"
    if plan is None:
        yield found(
            p.file("charter.yaml"),
            ("tier",),
            f"{who} has no joint business plan (plan.yaml)",
            "write plan.yaml with the period, each bucket's objectives, targets and both sides' commitments, "
            "and record both sides' sign-off",
        )
        return
    today, period = ctx.as_of, plan.period
    path: DataPath
    if plan.status == "superseded":
        path, why = ("status",), f"{plan.label} is superseded"
    elif today > period.to:
        path, why = ("period", "to"), f"{plan.label} ended on {period.to}"
    elif today < period.from_:
        path, why = ("period", "from"), f"{plan.label} starts on {period.from_}"
    elif plan.status == "draft" and not ("PK252" in ctx.active and charter.stage not in _NOT_UNDER_WAY):
        # A draft for the period under way is PK252's to judge: a few weeks' drafting is normal.
        path, why = ("status",), f"{plan.label} is still a draft"
    else:
        return
    yield found(
        p.file(PLAN),
        path,
        f"{who} has no agreed joint business plan for {today}: {why}",
        f"agree a plan for the period under way with the partner and record it: `status: agreed` and {_SIGN_OFF}",
    )


class DraftOptions(Record):
    days: int = Field(30, ge=0, description="Days after the period's start a plan may still be a draft.")


@rule(
    "PK252",
    "plan-draft-too-long",
    Severity.WARNING,
    "A joint business plan is still a draft well after its period started.",
    why="A plan the partner has not agreed binds nobody: both sides are spending the period on commitments "
    "one of them may never have accepted. A few weeks of drafting at the start of a period are normal; "
    "beyond that, agree it, or move its period.",
    bad="period: {name: FY27, from: 2026-07-01, to: 2027-06-30}\nstatus: draft   # today is 2026-11-25",
    good="period: {name: FY27, from: 2026-07-01, to: 2027-06-30}\nstatus: agreed\n"
    "agreed: {us: ana, partner: Jane Roe, date: 2026-07-14}",
    options=DraftOptions,
)
def plan_draft_too_long(p: Partnership, ctx: Context) -> Iterator[Finding]:
    plan = p.plan
    if plan is None or plan.status != "draft" or _stage(p) in _NOT_UNDER_WAY:
        return
    days = (ctx.as_of - plan.period.from_).days
    if days > ctx.options.days:
        yield found(
            p.file(PLAN),
            ("status",),
            f"{_plan(plan)} is still a draft {days} days after its period started on {plan.period.from_}",
            f"agree it with the partner and record `status: agreed` with {_SIGN_OFF}, "
            "or move the period if it has not really started",
        )


@rule(
    "PK253",
    "plan-not-signed",
    Severity.WARNING,
    "A joint business plan is marked agreed without both sides' sign-off.",
    why="A joint plan is a commitment of both organisations; an agreement nobody on the partner's side signed "
    "off is a plan only one side knows about, and it will not hold when the commitments fall due.",
    bad="status: agreed\nagreed: {us: ana, date: 2026-07-14}",
    good="status: agreed\nagreed: {us: ana, partner: Jane Roe, date: 2026-07-14}",
)
def plan_not_signed(p: Partnership, ctx: Context) -> Iterator[Finding]:
    plan = p.plan
    if plan is None or plan.status != "agreed":
        return
    if plan.agreed is None:
        yield found(
            p.file(PLAN),
            ("status",),
            f"{_plan(plan)} is marked agreed, but no sign-off is recorded",
            f"add {_SIGN_OFF}",
        )
        return
    sign_off = plan.agreed
    missing = [
        (what, words)
        for what, words, value in (
            ("`partner:` (the partner's contact who signed it off)", "the partner's sign-off", sign_off.partner),
            ("`us:` (the handle of who signed it off on our side)", "our sign-off", sign_off.us),
            ("`date:` (YYYY-MM-DD)", "the date it was agreed", sign_off.date),
        )
        if not value
    ]
    if missing:
        yield found(
            p.file(PLAN),
            ("agreed",),
            f"{_plan(plan)} is marked agreed without {' and '.join(words for _, words in missing)}",
            f"add {' and '.join(what for what, _ in missing)} under `agreed:`",
        )


@rule(
    "PK254",
    "commitment-overdue",
    Severity.WARNING,
    "A commitment of the agreed plan is past its due date and not marked delivered.",
    why="Each side's commitments (people, budget, funds, certifications) are what makes a joint plan joint. "
    "A commitment that slips unnoticed is the first sign that one side's investment is waning; chase it, or "
    "agree a new date, before the next review.",
    bad="- id: C3\n  side: partner\n  what: Two solution architects certified\n  due: 2026-10-31   # today is "
    "2026-11-25",
    good="- id: C3\n  side: partner\n  what: Two solution architects certified\n  due: 2026-10-31\n"
    "  delivered: 2026-10-28",
)
def commitment_overdue(p: Partnership, ctx: Context) -> Iterator[Finding]:
    plan = p.plan
    if plan is None or plan.status != "agreed" or _stage(p) == "ended":
        return
    for bucket, i, c in plan.commitments():
        if c.due and c.due < ctx.as_of and c.delivered is None:
            late = (ctx.as_of - c.due).days
            chase = "deliver it" if c.side == "us" else "chase it with the partner"
            yield found(
                p.file(PLAN),
                ("buckets", bucket, "commitments", i, "due"),
                f"{_commitment(c)} was due on {c.due} ({late} day{'s' if late != 1 else ''} ago) "
                "and is not marked delivered",
                f"record `delivered: YYYY-MM-DD` if it was delivered; if not, {chase} and agree a new `due:`",
            )


@rule(
    "PK255",
    "plan-target-without-kpi",
    Severity.WARNING,
    "A target in the joint business plan names a KPI that kpis.yaml does not have.",
    why="Facts over opinion: a plan target is judged by the KPI it names, measured with a baseline and dated "
    "values. A target for a KPI nobody measures is an intention that no review can check.",
    bad="targets:\n  - {kpi: K7, target: 1500000}   # kpis.yaml has no K7",
    good="targets:\n  - {kpi: K2, target: 1500000, target_date: 2027-06-30}",
)
def plan_target_without_kpi(p: Partnership, ctx: Context) -> Iterator[Finding]:
    plan = p.plan
    if plan is None or p.failed("kpis.yaml"):
        return
    ids = {k.id for k in p.kpis.kpis} if p.kpis else set()
    for bucket, entry in plan.buckets.items():
        for i, target in enumerate(entry.targets):
            if target.kpi not in ids:
                yield found(
                    p.file(PLAN),
                    ("buckets", bucket, "targets", i, "kpi"),
                    f"the plan's {bucket} target names KPI {target.kpi!r}, which is not in kpis.yaml",
                    _suggest(target.kpi, ids)
                    or "add the KPI to kpis.yaml (baseline, target, owner, measurements) so the target can be "
                    "measured, or correct the id",
                )


@rule(
    "PK256",
    "plan-reference-unknown",
    Severity.ERROR,
    "The joint business plan names a bucket, objective, action or person that does not exist.",
    why="The plan ties the period's work to the charter's objectives, the actions that carry it out and the "
    "people who signed it; a reference to something that is not there ties it to nothing, and usually hides "
    "a typo or a record that was renamed.",
    bad="buckets:\n  Monetize:\n    objectives: [O7]   # the charter has no objective O7\n    activities: [AC9]",
    good="buckets:\n  Monetize:\n    objectives: [O2]\n    activities: [AC3]",
)
def plan_reference_unknown(p: Partnership, ctx: Context) -> Iterator[Finding]:
    plan = p.plan
    if plan is None:
        return
    file = p.file(PLAN)
    buckets = ctx.portfolio.config.buckets
    charter = None if p.failed("charter.yaml") else p.charter
    # Ids resolve only against a file that was read: a broken one already has its own findings.
    objectives = {o.id for o in charter.objectives if o.id} if charter else set()
    actions = {a.id for a in p.actions.actions} if p.actions else set()
    check_actions = not p.failed("actions.yaml")
    for bucket, entry in plan.buckets.items():
        if bucket not in buckets:
            yield found(
                file,
                ("buckets", bucket),
                f"{bucket!r} is not one of the portfolio's buckets",
                _suggest(bucket, buckets) or f"use one of: {', '.join(buckets)} (set in partnerkit.yaml)",
            )
        for j, objective in enumerate(entry.objectives if charter else ()):
            if objective not in objectives:
                yield found(
                    file,
                    ("buckets", bucket, "objectives", j),
                    f"the plan's {bucket} objective {objective!r} is not an objective in the charter",
                    _suggest(objective, objectives) or "add the objective to charter.yaml, or correct the id",
                )
        for j, action in enumerate(entry.activities if check_actions else ()):
            if action not in actions:
                yield found(
                    file,
                    ("buckets", bucket, "activities", j),
                    f"the plan's {bucket} activity {action!r} is not an action in actions.yaml",
                    _suggest(action, actions) or "add the action to actions.yaml, or correct the id",
                )
    sign_off = plan.agreed
    if sign_off is None:
        return
    handles = ctx.portfolio.handles
    if sign_off.us and ctx.portfolio.people is not None and sign_off.us not in handles:
        yield found(
            file,
            ("agreed", "us"),
            f"the plan was signed off on our side by {sign_off.us!r}, who is not a person in people.yaml",
            _suggest(sign_off.us, handles) or "use the handle of the person in people.yaml",
        )
    contacts = [c.name for c in charter.contacts] if charter else None
    if sign_off.partner and contacts is not None and sign_off.partner not in contacts:
        yield found(
            file,
            ("agreed", "partner"),
            f"the plan was signed off for the partner by {sign_off.partner!r}, who is not a contact in the charter",
            _suggest(sign_off.partner, contacts) or "add them to the charter's contacts, or correct the name",
        )
