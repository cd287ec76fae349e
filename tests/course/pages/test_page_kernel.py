"""A page's kernel refuses widgets the page asks for and keeps standard error off the page."""

from __future__ import annotations

import sys
import uuid

import comm
import pytest
from ipywidgets.widgets.widget import Widget, _instances

from caserate_kit.course.pages._page_kernel import WIDGET_TARGET, guard_page_kernel, under_voila


@pytest.fixture
def restored(monkeypatch):
    manager = comm.get_comm_manager()
    before = dict(manager.targets)
    manager.register_target(WIDGET_TARGET, Widget.handle_comm_opened)  # as in a real kernel
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    yield manager
    manager.targets.clear()
    manager.targets.update(before)


def open_message(model="IntSliderModel"):
    return {
        "content": {
            "comm_id": uuid.uuid4().hex,
            "target_name": WIDGET_TARGET,
            "data": {
                "state": {
                    "_model_name": model,
                    "_model_module": "@jupyter-widgets/controls",
                    "_model_module_version": "2.0.0",
                    "_view_name": "IntSliderView",
                    "_view_module": "@jupyter-widgets/controls",
                    "_view_module_version": "2.0.0",
                },
                "buffer_paths": [],
            },
        },
        "metadata": {"version": "2.1.0"},
    }


def test_without_the_guard_the_page_could_create_a_widget(restored):
    """(The attack the guard stops: a comm_open from the page creates a widget.)"""
    count = len(_instances)
    restored.comm_open(None, None, open_message())
    assert len(_instances) == count + 1


def test_a_widget_the_page_asks_for_is_not_created(restored, caplog):
    """Under Voila, does a comm_open to jupyter.widget create no widget, and get logged?"""
    assert guard_page_kernel({"VOILA_PREHEAT": "False"})
    count = len(_instances)
    restored.comm_open(None, None, open_message())
    assert len(_instances) == count
    assert "Refused a IntSliderModel widget" in caplog.text


def test_standard_error_goes_to_the_kernel_process_not_the_page(restored):
    """Under Voila, is sys.stderr the process's own stream (the server's log)?"""
    sys.stderr = object()
    guard_page_kernel({"SERVER_SOFTWARE": "voila/0.5.8"})
    assert sys.stderr is sys.__stderr__


def test_outside_voila_nothing_changes(restored):
    """In JupyterLab or under nbval, is the kernel left as it was?"""
    assert not under_voila({})
    stderr, targets = sys.stderr, dict(restored.targets)
    assert not guard_page_kernel({})
    assert sys.stderr is stderr
    assert restored.targets == targets
