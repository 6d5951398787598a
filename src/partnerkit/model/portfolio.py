"""A portfolio as loaded: each partnership's files as models, or None where unreadable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from partnerkit.config import PortfolioConfig
from partnerkit.model.actions import ActionPlan
from partnerkit.model.agreements import AgreementSet
from partnerkit.model.charter import Charter
from partnerkit.model.common import Record
from partnerkit.model.kpis import KpiSet
from partnerkit.model.people import People
from partnerkit.model.raci import Raci
from partnerkit.model.reviews import ReviewLog
from partnerkit.model.risks import RiskRegister
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
}
REQUIRED_FILES = ("charter.yaml", "raci.yaml", "risks.yaml", "kpis.yaml", "status.yaml")


def is_partnership_file(path: str) -> bool:
    """``partnerships/<id>/<a known file>``, as a portfolio-relative POSIX path."""
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == PARTNERSHIPS_DIR and parts[2] in PARTNERSHIP_FILES


@dataclass
class Partnership:
    """One partnership folder. A file that is missing or invalid is None here; its problems
    are already diagnostics, and rules that need it skip the partnership."""

    folder: str
    charter: Optional[Charter] = None
    raci: Optional[Raci] = None
    risks: Optional[RiskRegister] = None
    kpis: Optional[KpiSet] = None
    status: Optional[Status] = None
    agreements: Optional[AgreementSet] = None
    actions: Optional[ActionPlan] = None
    reviews: Optional[ReviewLog] = None
    present: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        """The folder name, which is the partnership's id."""
        return self.folder.rsplit("/", 1)[-1]

    def failed(self, name: str) -> bool:
        """The file is there but could not be read or validated."""
        return name in self.present and getattr(self, name.removesuffix(".yaml")) is None

    def file(self, name: str) -> str:
        """Portfolio-relative path of one of this partnership's files."""
        return f"{self.folder}/{name}"


@dataclass
class Portfolio:
    config: PortfolioConfig
    people: Optional[People]
    partnerships: list[Partnership]

    @property
    def handles(self) -> frozenset[str]:
        return frozenset(self.people.people) if self.people else frozenset()
