"""The course's page kernel: found first by the served course, and lighter."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager

from caserate_kit.course.server._kernel import LEFT_OUT, on_loopback
from caserate_kit.course.server._serve import voila_environment

ROOT = Path(__file__).resolve().parents[3]


def _course_specs(monkeypatch: pytest.MonkeyPatch) -> KernelSpecManager:
    env = voila_environment(ROOT, {"PATH": os.environ.get("PATH", "")})
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    return KernelSpecManager()


def test_the_served_course_finds_its_own_python_kernel(monkeypatch):
    """Do the course's notebooks (kernel "python3") get the course's kernel when served?"""
    spec = _course_specs(monkeypatch).get_kernel_spec("python3")
    assert Path(spec.resource_dir) == ROOT / "share" / "jupyter" / "kernels" / "python3"
    assert spec.argv[:3] == ["python", "-m", "caserate_kit.course.server._kernel"]
    assert spec.language == "python"


def test_outside_the_served_course_the_usual_kernel_runs(monkeypatch):
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert "caserate_kit.course.server._kernel" not in spec.argv


def test_the_course_kernel_runs_code_without_the_debugger_or_jedi(monkeypatch):
    """Does a kernel from the course's spec run a page's code, with debugpy and Jedi left out?"""
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=_course_specs(monkeypatch))
    manager.start_kernel()
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(timeout=60)
        printed: list[str] = []
        code = (
            "import importlib.util, sys\n"
            "import ipywidgets\n"
            f"print(sorted(n for n in {LEFT_OUT!r} if sys.modules.get(n) is not None), 6 * 7)"
        )
        reply = client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda message: printed.append(message["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok"
        assert "".join(printed).strip() == "[] 42"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


@pytest.mark.parametrize(
    ("connection", "quiet"),
    [
        ({"transport": "tcp", "ip": "127.0.0.1"}, True),
        ({"transport": "tcp", "ip": "localhost"}, True),
        ({"ip": "::1"}, True),
        ({"transport": "tcp", "ip": "0.0.0.0"}, False),
        ({"transport": "tcp", "ip": "10.0.0.7"}, False),
        ({"transport": "ipc", "ip": "/tmp/kernel-ipc"}, False),
        ([1, 2], False),
        ("not json at all", False),
        (None, False),
    ],
)
def test_only_a_kernel_on_the_loopback_address_leaves_out_the_tcp_warning(
    tmp_path, connection, quiet
):
    """Is the unencrypted-TCP warning left out only for a kernel no other machine can reach
    (and kept for any other address, or a connection file that is missing or unreadable)?"""
    path = tmp_path / "kernel-1.json"
    if connection is not None:
        text = connection if isinstance(connection, str) else json.dumps(connection)
        path.write_text(text, encoding="utf-8")
    assert on_loopback(["--some", "-f", str(path)]) is quiet
