"""The source documents' worked examples as data.

- Admirable Mental Health Partners: a regional Medicaid plan setting case
  rates in eight steps (:func:`admirable_plan`), with its service-code table
  and the Level B utilization cohorts.
- Zontanos Health and Wellness: a provider managing under Admirable's case
  rates, with its guideline ranges and a clinical-financial model whose first
  draft does not balance (:func:`zontanos_first_draft`, :func:`zontanos_balanced`).
"""

from ._admirable import (
    ADMIRABLE_CASE_MIX,
    ADMIRABLE_ENROLLEES,
    ADMIRABLE_LEVELS,
    ADMIRABLE_PENETRATION,
    ADMIRABLE_RATE_PER_HOUR,
    ADMIRABLE_SERVICE_CODES,
    LEVEL_B_COHORTS,
    admirable_plan,
)
from ._zontanos import (
    ZONTANOS_CHANGES,
    ZONTANOS_CONSUMERS,
    ZONTANOS_GUIDELINES,
    ZONTANOS_MARKET_SHARE,
    zontanos_balanced,
    zontanos_first_draft,
)

__all__ = [
    "ADMIRABLE_CASE_MIX",
    "ADMIRABLE_ENROLLEES",
    "ADMIRABLE_LEVELS",
    "ADMIRABLE_PENETRATION",
    "ADMIRABLE_RATE_PER_HOUR",
    "ADMIRABLE_SERVICE_CODES",
    "LEVEL_B_COHORTS",
    "ZONTANOS_CHANGES",
    "ZONTANOS_CONSUMERS",
    "ZONTANOS_GUIDELINES",
    "ZONTANOS_MARKET_SHARE",
    "admirable_plan",
    "zontanos_balanced",
    "zontanos_first_draft",
]
