"""The course's interactive exercises: one builder per exercise page.

Each notebook in ``notebooks/`` calls one builder, whose result shows the
exercise. The logic lives in small modules beside the page code, so it can be
tested without a browser.
"""

from ._auth_page import authorization_tracker
from ._balancer_page import budget_balancer
from ._calculator_page import case_rate_calculator
from ._chart_notes_page import chart_note_review
from ._placement_page import level_of_care_practice
from ._risk_page import risk_reserve_simulator
from ._treat_to_target_page import treat_to_target_practice

__all__ = [
    "authorization_tracker",
    "budget_balancer",
    "case_rate_calculator",
    "chart_note_review",
    "level_of_care_practice",
    "risk_reserve_simulator",
    "treat_to_target_practice",
]
