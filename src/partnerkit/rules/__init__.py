"""The rule catalogue. Importing this package registers every rule, in code order."""

from partnerkit.rules import (  # noqa: F401  (imported for registration)
    actions,
    agreements,
    charter,
    financials,
    kpis,
    plan,
    portfolio,
    raci,
    references,
    renewal,
    risks,
    status,
    structure,
    terms,
)
from partnerkit.rules.base import REGISTRY, Rule, find_rule

_by_code = sorted(REGISTRY.items())
REGISTRY.clear()
REGISTRY.update(_by_code)

__all__ = ["REGISTRY", "Rule", "find_rule"]
