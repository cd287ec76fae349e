"""What one visitor can make the server do: course pages only, kernels counted and capped."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from caserate_kit._exceptions import InvalidInputError
from caserate_kit.course.server._guard import (
    CLIENT,
    KernelCaps,
    KernelLedger,
    connected_idle_minutes,
    idle_connected_kernels,
    is_course_page,
)


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("notebooks/home.ipynb", True),
        ("notebooks/exercise_01_case_rate_calculator.ipynb", True),
        ("lessons/01_how_managed_care_decides.ipynb", True),
        ("tests/course/pages/fixture.ipynb", False),
        ("notebooks/../tests/x.ipynb", False),
        ("lessons/scratch.ipynb", False),
        ("notebooks/home.ipynb/../../etc", False),
        ("course.toml", False),
    ],
)
def test_only_the_course_pages_are_pages(path, allowed):
    """Are the lessons and the pages in notebooks/ the only pages?"""
    assert is_course_page(path) is allowed


class FakeManager:
    """Starts kernels k1, k2... and hands out pooled ones p2, p3...; ``kernels`` holds each
    live one's connected pages."""

    def __init__(self):
        self.kernels: dict[str, int] = {}
        self.count = 0

    async def start_kernel(self, **_kwargs):
        self.count += 1
        self.kernels[f"k{self.count}"] = 1
        return f"k{self.count}"

    async def get_rendered_notebook(self, **_kwargs):
        self.count += 1
        self.kernels[f"p{self.count}"] = 1
        return "task", [], f"p{self.count}"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def run_for(client, call):
    async def within():
        token = CLIENT.set(client)
        try:
            return await call()
        finally:
            CLIENT.reset(token)

    return asyncio.run(within())


def test_the_ledger_counts_kernels_per_client_and_refuses_beyond_the_caps():
    """With caps of 3 per client and 4 in all, is a client's fourth page refused, then anyone's
    fifth, and is a kernel that ended no longer counted?"""
    manager = FakeManager()
    ledger = KernelLedger(KernelCaps(total=4, per_client=3), lambda: dict(manager.kernels))
    ledger.install(manager)
    for _ in range(2):
        run_for("10.0.0.5", manager.start_kernel)
    run_for("10.0.0.5", manager.get_rendered_notebook)
    assert ledger.held_by("10.0.0.5") == 3
    assert ledger.refusal("10.0.0.5") == "client"
    assert ledger.refusal("10.0.0.6") is None
    run_for("10.0.0.6", manager.start_kernel)
    assert ledger.refusal("10.0.0.7") == "total"
    del manager.kernels["k1"]
    assert ledger.refusal("10.0.0.5") is None


def test_a_kernel_no_page_uses_stops_counting_after_the_grace_time():
    """Is a kernel whose page left (no connection) counted for two minutes, then not, while one
    still connected keeps counting?"""
    manager, clock = FakeManager(), Clock()
    ledger = KernelLedger(
        KernelCaps(total=10, per_client=2), lambda: dict(manager.kernels), clock=clock
    )
    ledger.install(manager)
    run_for("10.0.0.5", manager.start_kernel)
    run_for("10.0.0.5", manager.start_kernel)
    manager.kernels["k1"] = 0  # the learner moved on to another page
    assert ledger.refusal("10.0.0.5") == "client"
    clock.now += 121
    assert ledger.held_by("10.0.0.5") == 1
    assert ledger.refusal("10.0.0.5") is None


def test_kernels_started_outside_a_request_are_nobodys():
    """Is a kernel started with no request's client (a pool refilling) counted against no one?"""
    manager = FakeManager()
    ledger = KernelLedger(KernelCaps(total=1, per_client=1), lambda: dict(manager.kernels))
    ledger.install(manager)
    asyncio.run(manager.start_kernel())
    assert ledger.owners == {}
    assert ledger.refusal("10.0.0.5") is None


def test_the_caps_come_from_the_environment_with_clear_errors():
    """Are the two variables read, 0 turning the per-client cap off, and nonsense named?"""
    assert KernelCaps.from_environment({}) == KernelCaps(60, 6)
    found = KernelCaps.from_environment(
        {"CASERATE_MAX_KERNELS": "90", "CASERATE_KERNELS_PER_CLIENT": "0"}
    )
    assert found == KernelCaps(90, 0)
    with pytest.raises(InvalidInputError, match="CASERATE_MAX_KERNELS must be a whole number"):
        KernelCaps.from_environment({"CASERATE_MAX_KERNELS": "lots"})
    with pytest.raises(InvalidInputError, match="CASERATE_CONNECTED_IDLE_MINUTES"):
        connected_idle_minutes({"CASERATE_CONNECTED_IDLE_MINUTES": "-1"})


def test_only_connected_kernels_idle_past_the_limit_are_ended():
    """After 60 idle minutes, is a connected kernel listed, but not a busy one, nor one with no
    page connected (Voila's own culler ends those)?"""
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    old = (now - timedelta(minutes=61)).isoformat().replace("+00:00", "Z")
    recent = now - timedelta(minutes=5)
    kernels = [
        {"id": "idle", "connections": 1, "last_activity": old},
        {"id": "busy", "connections": 2, "last_activity": recent},
        {"id": "unconnected", "connections": 0, "last_activity": old},
    ]
    assert idle_connected_kernels(kernels, 60, now) == ["idle"]
    assert idle_connected_kernels(kernels, 0, now) == []


def test_the_server_counts_connections_of_kernels_still_starting():
    """Is a kernel still starting (whose model Jupyter cannot give yet) counted, with no
    connection, instead of breaking every request (as asking for its model did)?"""
    from caserate_kit.course.server._app import _connections, _models

    class Manager:
        def __init__(self):
            self._kernel_connections = {"ready": 2}

        def list_kernel_ids(self):
            return ["ready", "starting"]

        def kernel_model(self, kernel_id):
            if kernel_id == "starting":
                raise KeyError("last_activity")
            return {"id": kernel_id, "connections": 2}

    assert _connections(Manager()) == {"ready": 2, "starting": 0}
    assert _models(Manager()) == [{"id": "ready", "connections": 2}]
