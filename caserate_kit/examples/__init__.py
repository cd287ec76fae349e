"""The source documents' worked examples as data.

- Admirable Mental Health Partners: a regional Medicaid plan setting case
  rates in eight steps (:func:`admirable_plan`), with its service-code table
  and the Level B utilization cohorts.
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

__all__ = [
    "ADMIRABLE_CASE_MIX",
    "ADMIRABLE_ENROLLEES",
    "ADMIRABLE_LEVELS",
    "ADMIRABLE_PENETRATION",
    "ADMIRABLE_RATE_PER_HOUR",
    "ADMIRABLE_SERVICE_CODES",
    "LEVEL_B_COHORTS",
    "admirable_plan",
]
