"""Helpers for the servers the tests start: a free port, and stopping a server."""

from __future__ import annotations

import socket
import subprocess

__all__ = ["free_port", "stop"]


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server the ordinary way (Voila shuts its kernels down); kill it after 15 s."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
