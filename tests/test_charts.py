"""Charts that read on a phone: every plot drawn narrow, folded and with no lettering crowded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

import caserate_kit as ck
from caserate_kit._charts import fold

SMALLEST_POINTS = 9


def _burn_down(compact: bool) -> Figure:
    auth = ck.Authorization(24, "2026-01-05", "2026-03-29", label="Individual therapy (90837)")
    visits = [ck.ServiceDelivered(auth.start + dt.timedelta(days=5 * w), 1) for w in range(10)]
    return ck.plot_burn_down(auth, visits, compact=compact).figure


def _scores(compact: bool) -> Figure:
    scores = {0: 19, 14: 18, 28: 17, 42: 13, 56: 9, 70: 6, 84: 3}
    return ck.plot_score_trajectory(scores, compact=compact).figure


def _cohorts(compact: bool) -> Figure:
    cohorts = ck.examples.LEVEL_B_COHORTS
    return ck.plot_cohort_hours(cohorts, guideline=(10, 50), compact=compact).figure


def _budget(compact: bool) -> Figure:
    table = ck.examples.admirable_plan().budget_table()
    names = {"A": "Recovery maintenance", "B": "Low intensity", "C": "High intensity"}
    described = table.assign(
        Description=[names.get(str(code), "Wraparound") for code in table.index]
    )
    return ck.plot_budget_by_level(described, compact=compact).figure


def _dashboard(compact: bool) -> Figure:
    return ck.plot_dashboard(ck.examples.zontanos_first_draft().dashboard(), compact=compact)


def _risk(compact: bool) -> Figure:
    plan = ck.examples.admirable_plan()
    spread = ck.Uncertainty(penetration_range=(0.08, 0.12), hours_spread=0.1, rate_spread=0.05)
    costs = ck.simulate_total_cost(plan, spread, 2_000, seed=3)
    reserve = ck.risk_reserve(costs, plan.total_budget(), percentile=95)
    return ck.plot_cost_distribution(costs, reserve, compact=compact).figure


CHARTS: dict[str, Callable[[bool], Figure]] = {
    "burn-down": _burn_down,
    "score trajectory": _scores,
    "cohort hours": _cohorts,
    "budget by level": _budget,
    "dashboard": _dashboard,
    "cost distribution": _risk,
}


@pytest.fixture(params=list(CHARTS))
def phone_chart(request: pytest.FixtureRequest) -> Iterator[Figure]:
    """Each of the toolkit's charts, drawn for a phone (closed afterwards)."""
    figure = CHARTS[request.param](True)
    figure.canvas.draw()
    yield figure
    plt.close(figure)


def lettering(figure: Figure) -> list[tuple[str, Bbox, float]]:
    """Every piece of text the figure shows: its words, where it is drawn and its size."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    shown: list[Text] = [*figure.texts]
    for legend in figure.legends:
        shown += legend.get_texts()
    for ax in figure.axes:
        shown += [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if ax.get_legend() is not None:
            shown += ax.get_legend().get_texts()
        for axis, span in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(span)
            for tick in axis.get_major_ticks():
                if low <= tick.get_loc() <= high:
                    shown.append(tick.label1)
    return [
        (text.get_text(), text.get_window_extent(renderer), float(text.get_fontsize()))
        for text in shown
        if text.get_visible() and text.get_text().strip()
    ]


def crowded(figure: Figure) -> list[str]:
    """Pairs of texts drawn over one another, and texts drawn off the figure."""
    found = []
    edge = figure.bbox.padded(1)
    texts = lettering(figure)
    for i, (words, box, _size) in enumerate(texts):
        if not edge.contains(box.x0, box.y0) or not edge.contains(box.x1, box.y1):
            found.append(f"{words!r} runs off the figure")
        for other, other_box, _ in texts[i + 1 :]:
            overlap = Bbox.intersection(box.shrunk(0.98, 0.9), other_box.shrunk(0.98, 0.9))
            if overlap is not None and overlap.width > 1 and overlap.height > 1:
                found.append(f"{words!r} is drawn over {other!r}")
    return found


def test_a_phone_chart_is_drawn_at_the_phone_width(phone_chart: Figure) -> None:
    """Is the chart drawn 3.6 inches wide (so that, shown on a phone, text keeps its size)?"""
    assert phone_chart.get_figwidth() == pytest.approx(ck.PHONE_WIDTH)


def test_no_lettering_on_a_phone_chart_is_smaller_than_nine_points(phone_chart: Figure) -> None:
    """Is every title, label, tick, legend entry and annotation at least 9 points?"""
    small = [(words, size) for words, _box, size in lettering(phone_chart) if size < 9]
    assert small == []


def test_no_text_on_a_phone_chart_is_drawn_over_other_text_or_off_the_figure(
    phone_chart: Figure,
) -> None:
    """Does every piece of text stand clear of the others, inside the figure?"""
    assert crowded(phone_chart) == []


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")
@pytest.mark.parametrize("name", ["burn-down", "budget by level", "dashboard"])
def test_the_wide_layout_squeezed_to_a_phone_is_what_the_check_finds(name: str) -> None:
    """Is the check able to fail: does it find the wide drawing, merely narrowed, crowded?"""
    figure = CHARTS[name](False)
    figure.set_size_inches(ck.PHONE_WIDTH, 4.4)
    figure.canvas.draw()
    assert crowded(figure) != []
    plt.close(figure)


def test_a_phone_chart_has_its_legend_under_it_in_one_column(phone_chart: Figure) -> None:
    """Is the legend moved off the plot, below it, one entry under another?"""
    assert all(ax.get_legend() is None for ax in phone_chart.axes)
    for legend in phone_chart.legends:
        renderer = phone_chart.canvas.get_renderer()  # type: ignore[attr-defined]
        lowest_axes = min(ax.get_window_extent(renderer).y0 for ax in phone_chart.axes)
        assert legend.get_window_extent(renderer).y1 <= lowest_axes
        assert legend._ncols == 1


@pytest.mark.parametrize("name", list(CHARTS))
def test_the_wide_chart_is_unchanged_by_the_phone_layout(name: str) -> None:
    """Is the default drawing still the wide one, its legend on the axes where it was?"""
    figure = CHARTS[name](False)
    assert figure.get_figwidth() > 6
    assert figure.legends == []
    plt.close(figure)


def test_fitting_twice_changes_nothing() -> None:
    """Can a caller change a phone chart and fit it again (a course page does) with no harm?"""
    ax = ck.plot_burn_down(
        ck.Authorization(12, "2026-01-05", "2026-03-29", label="Group therapy"), [], compact=True
    )
    ax.set_title("A caller's own title, which is longer than a phone's width allows")
    ck.fit_for_phone(ax)
    once = (ax.get_title(), [t.get_text() for t in ax.figure.legends[0].get_texts()])
    ck.fit_for_phone(ax)
    assert (ax.get_title(), [t.get_text() for t in ax.figure.legends[0].get_texts()]) == once
    assert len(ax.figure.legends) == 1
    assert all(len(line) <= 34 for line in ax.get_title().splitlines())
    plt.close(ax.figure)


def test_long_category_names_are_folded_on_a_phone() -> None:
    """Are names on a bar axis folded to short lines, each word kept?"""
    figure = _budget(True)
    names = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert "Recovery\nmaintenance" in "\n".join(names)
    assert all(len(line) <= 14 for name in names for line in name.splitlines())
    plt.close(figure)


def test_a_phone_budget_labels_its_bars_in_short_dollars() -> None:
    """Do a phone's bars read "$12.6M" where the wide chart has room for "$12,562,497"?"""
    wide, phone = _budget(False), _budget(True)
    assert "$12,562,497" in [t.get_text() for t in wide.axes[0].texts]
    assert "$12.6M" in [t.get_text() for t in phone.axes[0].texts]
    plt.close(wide)
    plt.close(phone)


def test_the_dashboard_stacks_its_panels_on_a_phone() -> None:
    """Is the capacity panel above the budget panel on a phone, side by side when wide?"""
    wide, phone = _dashboard(False), _dashboard(True)
    (w_left, w_right), (p_top, p_bottom) = wide.axes, phone.axes
    assert w_left.get_position().x1 <= w_right.get_position().x0
    phone.canvas.draw()
    assert p_top.get_position().y0 >= p_bottom.get_position().y1
    plt.close(wide)
    plt.close(phone)


@pytest.mark.parametrize(
    ("text", "width", "folded"),
    [
        ("Budget for the year", 34, "Budget for the year"),
        (
            "Hours per client vary widely in a level",
            20,
            "Hours per client\nvary widely in a\nlevel",
        ),
        ("A\nRecovery maintenance", 14, "A\nRecovery\nmaintenance"),
        ("", 10, ""),
    ],
)
def test_fold_keeps_its_own_breaks_and_every_word(text: str, width: int, folded: str) -> None:
    """Does folding keep the breaks a label already has and lose no word?"""
    assert fold(text, width) == folded
    assert fold(folded, width) == folded


def test_fit_for_phone_draws_on_a_figure_with_no_layout_engine() -> None:
    """Does a figure made without a layout engine get one (to make room for the legend)?"""
    figure = Figure(figsize=(ck.PHONE_WIDTH, 4))
    ax: Any = figure.add_subplot()
    ax.plot([0, 1], [0, 1], label="A line")
    ax.legend()
    ck.fit_for_phone(ax)
    assert figure.get_layout_engine() is not None
    assert len(figure.legends) == 1
