"""The rule catalogue. Importing this package registers every rule, in code order."""

from partnerkit.rules import (  # noqa: F401  (imported for registration)
    actions,
    agreements,
    charter,
    kpis,
    portfolio,
    raci,
    references,
    risks,
    status,
    structure,
)
from partnerkit.rules.base import REGISTRY, Rule, find_rule

__all__ = ["REGISTRY", "Rule", "find_rule"]
