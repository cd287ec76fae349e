"""Tests for internal utilization management: authorizations, reviews and burn-down charts.

The worked cases use a 12-week authorization of 24 units that starts on Monday
2026-01-05 and ends on Sunday 2026-03-29 (12 weeks x 7 days = 84 days, both
ends included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from caserate_kit import (
    Authorization,
    DateOrderError,
    InvalidInputError,
    OutOfRangeError,
    ServiceDelivered,
    burn_down_table,
    plot_burn_down,
    review_authorization,
)

START = dt.date(2026, 1, 5)
END = dt.date(2026, 3, 29)
END_OF_WEEK_6 = START + dt.timedelta(days=6 * 7 - 1)  # 2026-02-15, a Sunday
DAY = dt.timedelta(days=1)


def weekly_sessions(weeks: int = 12) -> list[ServiceDelivered]:
    """One 1-unit session every Monday from the start."""
    return [ServiceDelivered(START + dt.timedelta(weeks=w), 1) for w in range(weeks)]


def three_sessions_a_week(weeks: int = 12) -> list[ServiceDelivered]:
    """A 1-unit session every Monday, Wednesday and Friday from the start."""
    return [
        ServiceDelivered(START + dt.timedelta(weeks=w, days=d), 1)
        for w in range(weeks)
        for d in (0, 2, 4)
    ]


# --- the worked case: weekly sessions ---------------------------------------------


def test_weekly_sessions_use_six_units_by_week_six() -> None:
    """After six weeks of weekly sessions, are 6 units used and 18 left?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END_OF_WEEK_6)
    # Sessions in weeks 1 to 6, one unit each: 6 x 1 = 6 used; 24 - 6 = 18 remain.
    assert review.units_used == 6
    assert review.units_remaining == 24 - 6
    assert review.units_over == 0
    assert review.share_used == pytest.approx(6 / 24)


def test_weekly_sessions_burn_one_unit_a_week() -> None:
    """Is the burn rate 6 units over 6 weeks, that is 1 unit a week?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END_OF_WEEK_6)
    # Elapsed: 6 weeks x 7 = 42 days of 84; 6 units / (42 / 7 weeks) = 1 unit a week.
    assert review.days_elapsed == 42
    assert review.days_total == 84
    assert review.burn_rate_per_week == pytest.approx(6 / (42 / 7))


def test_weekly_sessions_project_units_outlasting_the_authorization() -> None:
    """At 1 unit a week, do the 18 units left run out only after the end date?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END_OF_WEEK_6)
    # 18 units / 1 unit a week = 18 weeks = 126 days after 2026-02-15: 2026-06-21.
    assert review.projected_exhaustion_date == END_OF_WEEK_6 + dt.timedelta(days=18 * 7)
    assert review.projected_exhaustion_date == dt.date(2026, 6, 21)
    assert review.projected_exhaustion_date > END


def test_weekly_sessions_reauthorize_two_weeks_before_the_end() -> None:
    """When units outlast the dates, is re-authorization due 14 days before the end?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END_OF_WEEK_6)
    # 2026-03-29 - 14 days = 2026-03-15, still ahead of 2026-02-15.
    assert review.reauth_due_date == dt.date(2026, 3, 15)
    assert not review.reauth_due
    assert "2026-03-15" in review.reauth_reason


def test_weekly_sessions_warn_that_units_will_be_left_unused() -> None:
    """Does the review say how many units the current pace leaves unused at the end?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END_OF_WEEK_6)
    # 42 days from 2026-02-15 to the end = 6 more weeks at 1 a week: 18 - 6 = 12 left.
    assert any("about 12 units will be left unused" in m for m in review.messages)


# --- fast burning ------------------------------------------------------------------


def test_fast_burning_flags_reauthorization_before_the_end_date() -> None:
    """At three sessions a week, is re-authorization due well before the end date?"""
    review = review_authorization(
        Authorization(24, START, END), three_sessions_a_week(), END_OF_WEEK_6
    )
    # 6 weeks x 3 = 18 used; 18 / 6 weeks = 3 a week; 24 - 18 = 6 left / 3 = 2 weeks,
    # so the units run out 14 days after 2026-02-15, on 2026-03-01; minus 14 lead days
    # the request is due 2026-02-15, which is the review day itself.
    assert review.units_used == 18
    assert review.burn_rate_per_week == pytest.approx(18 / 6)
    assert review.projected_exhaustion_date == dt.date(2026, 3, 1)
    assert review.reauth_due_date == dt.date(2026, 2, 15)
    assert review.reauth_due
    assert review.reauth_reason == (
        "Units will run out around 2026-03-01, before the authorization ends on 2026-03-29: "
        "request more by 2026-02-15."
    )


def test_share_used_above_warn_share_makes_reauthorization_due() -> None:
    """With 20 of 24 units used (83%), is re-authorization due even if dates are far off?"""
    auth = Authorization(24, START, END)
    services = [ServiceDelivered(START, 20)]
    # 20 / 24 = 0.83 >= 0.8, the default warn_share.
    review = review_authorization(auth, services, START, reauth_lead_days=0)
    assert review.reauth_due
    assert any("83% of the authorized units are used" in m for m in review.messages)


# --- services outside the authorization ---------------------------------------------


def test_units_beyond_the_authorization_are_flagged_as_outside() -> None:
    """When 5 units are delivered on a 4-unit authorization, is the fifth flagged?"""
    auth = Authorization(4, START, END)
    second = ServiceDelivered(START + 7 * DAY, 2)
    review = review_authorization(auth, [ServiceDelivered(START, 3), second], END)
    # 3 units fit; of the 2 on day 8 only 4 - 3 = 1 fits, so 1 unit is over.
    assert review.units_used == 4
    assert review.units_remaining == 0
    assert review.units_over == 1
    assert [(o.service, o.units, o.reason) for o in review.outside] == [
        (second, 1, "beyond the authorized units")
    ]


def test_exhausted_units_date_the_exhaustion_on_the_last_covered_service() -> None:
    """When the units are all used, is the exhaustion date the day they ran out?"""
    auth = Authorization(4, START, END)
    review = review_authorization(auth, [ServiceDelivered(START + 7 * DAY, 4)], END_OF_WEEK_6)
    assert review.projected_exhaustion_date == START + 7 * DAY
    assert review.reauth_due
    assert review.reauth_reason.startswith("All 4 units were used by 2026-01-12")


def test_service_before_start_is_outside_and_not_counted() -> None:
    """Is a service the day before the start flagged 'before start' and left uncounted?"""
    early = ServiceDelivered(START - DAY, 1)
    review = review_authorization(Authorization(24, START, END), [early], END_OF_WEEK_6)
    assert review.units_used == 0
    assert [(o.service, o.reason) for o in review.outside] == [(early, "before start")]


def test_service_after_end_is_outside_and_not_counted() -> None:
    """Is a service the day after the end flagged 'after end' and left uncounted?"""
    late = ServiceDelivered(END + DAY, 1)
    review = review_authorization(Authorization(24, START, END), [late], END + DAY)
    assert review.units_used == 0
    assert [(o.service, o.reason) for o in review.outside] == [(late, "after end")]


def test_service_with_an_unauthorized_code_is_outside() -> None:
    """Is a 90837 session on a 90834-only authorization flagged by its code?"""
    auth = Authorization(24, START, END, ("90834",))
    wrong = ServiceDelivered(START, 1, "90837")
    review = review_authorization(auth, [wrong, ServiceDelivered(START, 1, "90834")], START)
    assert review.units_used == 1
    assert [(o.service, o.reason) for o in review.outside] == [
        (wrong, "service code 90837 is not authorized")
    ]
    assert any("90837 is not authorized" in m for m in review.messages)


def test_services_after_as_of_are_ignored() -> None:
    """Are services dated after the review day left out of the review?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), START)
    assert review.units_used == 1
    assert review.outside == ()


# --- the review day outside the authorization ----------------------------------------


def test_as_of_before_start_says_the_authorization_has_not_started() -> None:
    """Does a review before the start say so, with nothing elapsed or used?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), START - DAY)
    assert review.days_elapsed == 0
    assert review.units_used == 0
    assert review.burn_rate_per_week == 0
    assert review.projected_exhaustion_date is None
    assert any("has not started" in m for m in review.messages)


def test_as_of_after_end_says_the_authorization_has_ended() -> None:
    """Does a review after the end say the authorization ended and that it is due?"""
    review = review_authorization(Authorization(24, START, END), weekly_sessions(), END + DAY)
    assert review.days_elapsed == review.days_total == 84
    assert review.reauth_due
    assert any("has ended" in m for m in review.messages)


# --- burn-down table ---------------------------------------------------------------


def test_burn_down_table_sorts_dates_and_sums_same_day_services() -> None:
    """Given services out of order, two on one day, does the table sort and add them?"""
    auth = Authorization(10, START, END)
    services = [
        ServiceDelivered(START + 7 * DAY, 2),
        ServiceDelivered(START, 1),
        ServiceDelivered(START + 7 * DAY, 1),
    ]
    table = burn_down_table(auth, services)
    # Day 1: 1 unit, 10 - 1 = 9 left; day 8: 2 + 1 = 3 units, 1 + 3 = 4 used, 6 left.
    expected = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-01-05", "2026-01-12"]).as_unit("ns"),
            "units": [1.0, 3.0],
            "cumulative_units_used": [1.0, 4.0],
            "units_remaining": [9.0, 6.0],
        }
    )
    pd.testing.assert_frame_equal(table, expected)


def test_burn_down_table_without_services_is_empty_with_its_columns() -> None:
    """With no services, is the table empty but still shaped for plotting?"""
    table = burn_down_table(Authorization(10, START, END), [])
    assert table.empty
    assert list(table.columns) == ["date", "units", "cumulative_units_used", "units_remaining"]


# --- inputs ------------------------------------------------------------------------


def test_iso_date_strings_are_accepted() -> None:
    """Can dates be written as ISO strings such as '2026-01-05'?"""
    auth = Authorization(24, "2026-01-05", "2026-03-29")
    assert (auth.start, auth.end) == (START, END)
    assert ServiceDelivered("2026-01-05", 1).date == START


def test_end_before_start_raises_date_order_error_naming_both_dates() -> None:
    """Does an end date before the start raise DateOrderError naming 'end' and both dates?"""
    with pytest.raises(DateOrderError, match="2026-01-04 is before 2026-01-05") as caught:
        Authorization(24, START, START - DAY)
    assert caught.value.field == "end"


@pytest.mark.parametrize("units", [0, -3])
def test_authorization_units_must_be_positive(units: int) -> None:
    """Do zero or negative authorized units raise OutOfRangeError naming 'units'?"""
    with pytest.raises(OutOfRangeError, match="units must be greater than zero") as caught:
        Authorization(units, START, END)
    assert (caught.value.field, caught.value.value) == ("units", units)


@pytest.mark.parametrize("units", [0, -1.5])
def test_service_units_must_be_positive(units: float) -> None:
    """Do zero or negative delivered units raise OutOfRangeError naming 'units'?"""
    with pytest.raises(OutOfRangeError) as caught:
        ServiceDelivered(START, units)
    assert (caught.value.field, caught.value.value) == ("units", units)


def test_a_date_string_that_is_not_iso_raises_a_clear_error() -> None:
    """Does '03/01/26' as a start raise InvalidInputError showing the expected form?"""
    with pytest.raises(InvalidInputError) as caught:
        Authorization(24, "03/01/26", END)
    assert str(caught.value) == "start must be a date like 2026-03-01; got '03/01/26'"
    assert caught.value.field == "start"


@pytest.mark.parametrize("codes", [("",), ("90834", "  "), (90834,)])
def test_service_codes_must_be_non_empty_text(codes: tuple[object, ...]) -> None:
    """Do blank or non-text service codes raise InvalidInputError naming 'service_codes'?"""
    with pytest.raises(InvalidInputError) as caught:
        Authorization(24, START, END, codes)  # type: ignore[arg-type]
    assert caught.value.field == "service_codes"


def test_a_bad_as_of_raises_a_clear_error() -> None:
    """Does a review day that is not a date raise InvalidInputError naming 'as_of'?"""
    with pytest.raises(InvalidInputError) as caught:
        review_authorization(Authorization(24, START, END), [], "next week")
    assert (caught.value.field, caught.value.value) == ("as_of", "next week")


@pytest.mark.parametrize(
    ("field", "options"),
    [("reauth_lead_days", {"reauth_lead_days": -1}), ("warn_share", {"warn_share": 1.5})],
)
def test_review_options_out_of_range_raise(field: str, options: dict[str, Any]) -> None:
    """Do a negative lead time or a warn share above 1 raise OutOfRangeError naming them?"""
    with pytest.raises(OutOfRangeError) as caught:
        review_authorization(Authorization(24, START, END), [], START, **options)
    assert caught.value.field == field


def test_a_service_that_is_not_a_service_delivered_raises() -> None:
    """Does a plain tuple in the services raise InvalidInputError naming its position?"""
    with pytest.raises(InvalidInputError) as caught:
        review_authorization(Authorization(24, START, END), [(START, 1)], START)  # type: ignore[list-item]
    assert caught.value.field == "services[0]"


# --- properties ---------------------------------------------------------------------

AUTH = Authorization(24, START, END, ("90834",))
SERVICES = st.lists(
    st.builds(
        ServiceDelivered,
        date=st.dates(START - 30 * DAY, END + 30 * DAY),
        units=st.integers(1, 12).map(lambda quarters: quarters / 4),
        service_code=st.sampled_from(["90834", "90837", ""]),
    ),
    max_size=30,
)
AS_OF = st.dates(START - 10 * DAY, END + 40 * DAY)


def _is_inside(service: ServiceDelivered) -> bool:
    return START <= service.date <= END and service.service_code == "90834"


@given(services=SERVICES, as_of=AS_OF)
def test_used_plus_remaining_is_authorized_when_nothing_is_over(
    services: list[ServiceDelivered], as_of: dt.date
) -> None:
    """With no units over, do units used and remaining add up to the units authorized?"""
    review = review_authorization(AUTH, services, as_of)
    assume(review.units_over == 0)
    assert review.units_used + review.units_remaining == pytest.approx(AUTH.units)


@given(services=SERVICES, as_of=AS_OF)
def test_units_used_never_count_services_outside_the_authorization(
    services: list[ServiceDelivered], as_of: dt.date
) -> None:
    """Is units used the same with and without the services outside dates and codes?"""
    inside = [s for s in services if _is_inside(s)]
    everything = review_authorization(AUTH, services, as_of)
    assert everything.units_used == review_authorization(AUTH, inside, as_of).units_used
    assert everything.units_used <= sum(s.units for s in inside if s.date <= as_of)


@given(services=SERVICES, extra=SERVICES.map(lambda s: s[:1]).filter(bool), as_of=AS_OF)
def test_adding_a_service_never_decreases_units_used(
    services: list[ServiceDelivered], extra: list[ServiceDelivered], as_of: dt.date
) -> None:
    """Can one more service ever lower the units used?"""
    before = review_authorization(AUTH, services, as_of).units_used
    assert review_authorization(AUTH, services + extra, as_of).units_used >= before


# --- plotting -----------------------------------------------------------------------


@pytest.fixture
def pyplot() -> Iterator[ModuleType]:
    """pyplot on the Agg backend, closing every figure a test makes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_burn_down_returns_labelled_axes(pyplot: ModuleType) -> None:
    """Does the burn-down plot return Axes with a title, axis labels and a legend?"""
    from matplotlib.axes import Axes

    auth = Authorization(24, START, END, label="Individual therapy")
    ax = plot_burn_down(auth, three_sessions_a_week(), as_of=END_OF_WEEK_6)
    assert isinstance(ax, Axes)
    assert ax.get_title() == "Individual therapy: units remaining as of 2026-02-15"
    assert ax.get_ylabel() == "Units remaining"
    labels = ax.get_legend_handles_labels()[1]
    assert "Request re-authorization by 2026-02-15" in labels
    assert "Authorization ends 2026-03-29" in labels
    assert "Projection at the current pace" in labels


def test_plot_burn_down_draws_on_given_axes(pyplot: ModuleType) -> None:
    """When axes are passed in, does the plot draw on them and return them?"""
    _, ax = pyplot.subplots()
    assert plot_burn_down(Authorization(24, START, END), weekly_sessions(), ax=ax) is ax


def test_plot_burn_down_handles_no_services_and_exhausted_units(pyplot: ModuleType) -> None:
    """Do an empty record and a used-up authorization both plot without error?"""
    assert plot_burn_down(Authorization(24, START, END), []) is not None
    used_up = [ServiceDelivered(START, 30)]
    assert plot_burn_down(Authorization(24, START, END), used_up, as_of=END) is not None
