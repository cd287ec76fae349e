"""Step 6 of setting case rates: the average cost per hour of service.

Each service code is delivered by a mix of clinician types (prescriber, nurse,
master's-level, below master's) and billed at its own rate per hour. The
average cost per hour across all codes is weighted by how many hours of each
code were delivered; with no volumes, a plain average is the fallback.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ._exceptions import InvalidInputError
from ._validate import require_mix, require_non_negative, require_positive

__all__ = ["ServiceCode", "clinician_hours_mix", "cost_per_hour", "service_code_table"]


@dataclass(frozen=True)
class ServiceCode:
    """A billing code with who delivers it and what an hour of it costs.

    Parameters
    ----------
    code
        The billing code, such as ``"90806"``.
    description
        What the service is.
    clinician_mix
        Clinician type to share of the code's hours; the shares add up to 1.
    billed_per_hour
        Billed (cost) rate for one hour of the service.
    annual_hours
        Hours of the service delivered in a year, when known (the volume).

    Examples
    --------
    >>> ServiceCode("90847", "Family psychotherapy", {"Masters level": 1.0}, 137.42).billed_per_hour
    137.42
    """

    code: str
    description: str
    clinician_mix: Mapping[str, float] = field(hash=False)
    billed_per_hour: float
    annual_hours: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise InvalidInputError("code", self.code, "must be a non-empty billing code")
        require_mix(f"clinician_mix of code {self.code}", self.clinician_mix)
        require_positive(f"billed_per_hour of code {self.code}", self.billed_per_hour)
        if self.annual_hours is not None:
            require_non_negative(f"annual_hours of code {self.code}", self.annual_hours)


def _volumes(codes: Sequence[ServiceCode]) -> list[float]:
    missing = [c.code for c in codes if c.annual_hours is None]
    if missing:
        raise InvalidInputError(
            "annual_hours",
            missing,
            "must be known for every code to weight by volume (use weighted=False "
            "for a plain average)",
        )
    volumes = [float(c.annual_hours or 0.0) for c in codes]
    if math.fsum(volumes) <= 0:
        raise InvalidInputError("annual_hours", volumes, "must add up to more than zero")
    return volumes


def cost_per_hour(codes: Sequence[ServiceCode], weighted: bool = True) -> float:
    """Average cost per hour over a set of service codes.

    Parameters
    ----------
    codes
        The service codes, at least one.
    weighted
        Weight each code by its ``annual_hours`` (the default); ``False`` gives
        the plain average of the billed rates.

    Returns
    -------
    float
        Dollars per hour, unrounded.

    Examples
    --------
    >>> codes = [
    ...     ServiceCode("X", "Therapy", {"Masters level": 1.0}, 150.0, annual_hours=300),
    ...     ServiceCode("Y", "Support", {"Below masters": 1.0}, 50.0, annual_hours=100),
    ... ]
    >>> cost_per_hour(codes)
    125.0
    >>> cost_per_hour(codes, weighted=False)
    100.0
    """
    if not codes:
        raise InvalidInputError("codes", list(codes), "must hold at least one service code")
    rates = [c.billed_per_hour for c in codes]
    if not weighted:
        return math.fsum(rates) / len(rates)
    volumes = _volumes(codes)
    return math.fsum(r * v for r, v in zip(rates, volumes, strict=True)) / math.fsum(volumes)


def clinician_hours_mix(codes: Sequence[ServiceCode]) -> dict[str, float]:
    """Share of all service hours delivered by each clinician type (volume-weighted).

    Examples
    --------
    >>> codes = [
    ...     ServiceCode("X", "Therapy", {"Masters level": 1.0}, 150.0, annual_hours=300),
    ...     ServiceCode("Y", "Support", {"Below masters": 1.0}, 50.0, annual_hours=100),
    ... ]
    >>> clinician_hours_mix(codes)
    {'Masters level': 0.75, 'Below masters': 0.25}
    """
    volumes = _volumes(codes)
    total = math.fsum(volumes)
    mix: dict[str, float] = {}
    for code, volume in zip(codes, volumes, strict=True):
        for clinician, share in code.clinician_mix.items():
            mix[clinician] = mix.get(clinician, 0.0) + share * volume / total
    return mix


def service_code_table(codes: Sequence[ServiceCode]) -> pd.DataFrame:
    """The service-code table: clinician shares, billed rate and volume per code.

    Returns
    -------
    pandas.DataFrame
        Indexed by code; a ``Description`` column, one column per clinician
        type (shares), ``Billed per hour``, and ``Annual hours`` and
        ``Share of hours`` where volumes are known.
    """
    clinicians: list[str] = []
    for code in codes:
        clinicians.extend(c for c in code.clinician_mix if c not in clinicians)
    rows = []
    for code in codes:
        row: dict[str, object] = {"Code": code.code, "Description": code.description}
        row.update({c: float(code.clinician_mix.get(c, 0.0)) for c in clinicians})
        row["Billed per hour"] = code.billed_per_hour
        row["Annual hours"] = code.annual_hours
        rows.append(row)
    table = pd.DataFrame(rows).set_index("Code")
    if table["Annual hours"].notna().all() and table["Annual hours"].sum() > 0:
        table["Share of hours"] = table["Annual hours"] / table["Annual hours"].sum()
    else:
        table = table.drop(columns="Annual hours")
    return table
