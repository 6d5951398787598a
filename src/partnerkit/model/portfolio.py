"""A portfolio as loaded: each partnership's files as models, or None where unreadable."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from partnerkit.diagnostics import DataPath
from partnerkit.model.actions import Action, ActionPlan
from partnerkit.model.agreements import AgreementSet
from partnerkit.model.charter import Charter
from partnerkit.model.common import Record
from partnerkit.model.config import PortfolioConfig
from partnerkit.model.financials import Financials
from partnerkit.model.kpis import Kpi, KpiSet
from partnerkit.model.omitted import Omitted
from partnerkit.model.people import People
from partnerkit.model.plan import Plan
from partnerkit.model.raci import Raci
from partnerkit.model.reviews import ReviewLog
from partnerkit.model.risks import Risk, RiskRegister
from partnerkit.model.status import Status

PARTNERSHIPS_DIR = "partnerships"
PEOPLE_FILE = "people.yaml"
CONFIG_FILE = "partnerkit.yaml"

PARTNERSHIP_FILES: dict[str, type[Record]] = {
    "charter.yaml": Charter,
    "raci.yaml": Raci,
    "risks.yaml": RiskRegister,
    "kpis.yaml": KpiSet,
    "status.yaml": Status,
    "agreements.yaml": AgreementSet,
    "actions.yaml": ActionPlan,
    "reviews.yaml": ReviewLog,
    "plan.yaml": Plan,
    "financials.yaml": Financials,
}
REQUIRED_FILES = ("charter.yaml", "raci.yaml", "risks.yaml", "kpis.yaml", "status.yaml")


def is_partnership_file(path: str) -> bool:
    """``partnerships/<id>/<a known file>``, as a portfolio-relative POSIX path."""
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == PARTNERSHIPS_DIR and parts[2] in PARTNERSHIP_FILES


@dataclass
class Partnership:
    """One partnership folder. A file that is missing or cannot be used at all (not YAML, the
    wrong shape, an error outside any entry) is None here; its problems are already diagnostics,
    and rules that need it skip the partnership. A file with invalid entries has a model without
    them, and ``omitted`` says what was left out (see ``failed``)."""

    folder: str
    charter: Charter | None = None
    raci: Raci | None = None
    risks: RiskRegister | None = None
    kpis: KpiSet | None = None
    status: Status | None = None
    agreements: AgreementSet | None = None
    actions: ActionPlan | None = None
    reviews: ReviewLog | None = None
    plan: Plan | None = None
    financials: Financials | None = None
    present: set[str] = field(default_factory=set)
    omitted: dict[str, Omitted] = field(default_factory=dict)  # file name -> what its model left out
    unread: dict[str, str | None] = field(default_factory=dict)  # failed file -> its text (None: not readable)

    @property
    def id(self) -> str:
        """The folder name, which is the partnership's id."""
        return self.folder.rsplit("/", 1)[-1]

    @property
    def started(self) -> dt.date | None:
        """When the partnership began: where a KPI's plan starts when nothing earlier says."""
        return self.charter.dates.started if self.charter else None

    def kpi(self, kpi_id: str) -> Kpi | None:
        return next((k for k in self.kpis.kpis if k.id == kpi_id), None) if self.kpis else None

    def failed(self, name: str) -> bool:
        """The file is there but could not be read or validated in full: it has no model, or
        its model leaves out an invalid entry, key or field (see ``partial``). Whatever needs
        the whole file (that no agreement is signed, that no review was held, what the file
        costs in a score) cannot be told from it."""
        return name in self.present and (name in self.omitted or getattr(self, name.removesuffix(".yaml")) is None)

    @property
    def partial(self) -> frozenset[str]:
        """The files that have a model with something left out."""
        return frozenset(self.omitted)

    def complete(self, name: str, *path: str | int) -> bool:
        """The file has a model, and no invalid entry was left out of it at or under ``path``
        (a path into the model, such as ``("kpis", 2)``): what the model says there is all."""
        if getattr(self, name.removesuffix(".yaml"), None) is None:
            return False
        omitted = self.omitted.get(name)
        return omitted is None or not omitted.covers(omitted.to_data(path))

    def to_data(self, name: str, path: DataPath) -> DataPath:
        """The path into the file's data of ``path``, a path into its model (they differ where
        an invalid entry was left out of a list)."""
        omitted = self.omitted.get(name)
        return omitted.to_data(path) if omitted else path

    def without_partial(self) -> Partnership:
        """This partnership with no model for each file that has an entry left out, as if that
        file were unreadable: for what judges whole files (a score, a maturity level), which a
        broken entry must never make look better."""
        if not self.omitted:
            return self
        whole = replace(self, present=set(self.present))
        for name in self.omitted:
            setattr(whole, name.removesuffix(".yaml"), None)
        return whole

    def may_name(self, handle: str) -> bool:
        """Whether a file that is not wholly in the models (unreadable, invalid, or with an entry
        left out) could name ``handle``: its text holds the handle as a whole word, or a
        backslash (an escape could spell it), or could not be read."""
        return any(text is None or _mentions(text, handle) for text in self.unread.values())

    def file(self, name: str) -> str:
        """Portfolio-relative path of one of this partnership's files."""
        return f"{self.folder}/{name}"

    def person_references(self) -> Iterator[tuple[str, tuple[Any, ...], str]]:
        """Every (file, path, handle) naming one of our people (reviews' attendees aside)."""
        if self.charter:
            c = self.charter
            for key, value in (("owner", c.owner), ("sponsor", c.sponsor)):
                if value:
                    yield "charter.yaml", (key,), value
            for i, handle in enumerate(c.governance.steering_committee):
                yield "charter.yaml", ("governance", "steering_committee", i), handle
            for i, step in enumerate(c.governance.escalation):
                yield "charter.yaml", ("governance", "escalation", i, "us"), step.us
        if self.raci:
            for i, activity in enumerate(self.raci.activities):
                for role in ("responsible", "accountable", "consulted", "informed"):
                    for j, handle in enumerate(getattr(activity, role)):
                        yield "raci.yaml", ("activities", i, role, j), handle
        owned: tuple[tuple[str, Sequence[Risk | Kpi | Action] | None], ...] = (
            ("risks.yaml", self.risks.risks if self.risks else None),
            ("kpis.yaml", self.kpis.kpis if self.kpis else None),
            ("actions.yaml", self.actions.actions if self.actions else None),
        )
        for name, items in owned:
            top = name.removesuffix(".yaml")
            for i, item in enumerate(items or ()):
                if item.owner:
                    yield name, (top, i, "owner"), item.owner
        if self.status:
            for bucket, entry in self.status.buckets.items():
                if entry.owner:
                    yield "status.yaml", ("buckets", bucket, "owner"), entry.owner

    # The three below are asked of every partnership by portfolio-wide rules at every commit of a
    # history, where the same loaded partnership serves many commits: worked out once each.
    @cached_property
    def people_named(self) -> frozenset[str]:
        """Every handle the partnership names anywhere, reviews' attendees included."""
        named = {handle for _, _, handle in self.person_references()}
        named.update(a for r in (self.reviews.reviews if self.reviews else ()) for a in r.attendees)
        return frozenset(named)

    @cached_property
    def accountable(self) -> dict[str, tuple[int, int]]:
        """handle -> how many activities the person is accountable for here, and the first one's index."""
        found: dict[str, tuple[int, int]] = {}
        for i, activity in enumerate(self.raci.activities if self.raci else ()):
            for handle in activity.accountable:
                count, first = found.get(handle, (0, i))
                found[handle] = (count + 1, first)
        return found

    @cached_property
    def incomplete(self) -> bool:
        """Some file is there but could not be read or validated in full."""
        return any(self.failed(name) for name in self.present)


_WORD = re.compile(r"[\w.-]")


def _mentions(text: str, word: str) -> bool:
    """Whether ``text`` holds ``word`` whole (not inside a longer handle-like word), or a backslash."""
    if "\\" in text:
        return True
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if (start == 0 or not _WORD.match(text[start - 1])) and (end == len(text) or not _WORD.match(text[end])):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass
class Portfolio:
    config: PortfolioConfig
    people: People | None
    partnerships: list[Partnership]
    invalid_people: frozenset[str] = frozenset()  # handles in people.yaml whose entry is invalid (left out)

    @property
    def handles(self) -> frozenset[str]:
        """Every handle in people.yaml, those whose entry is invalid included: they exist."""
        return frozenset(self.people.people) | self.invalid_people if self.people else frozenset()
