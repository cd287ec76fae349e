"""Helpers for the servers the tests start: a free port, and stopping a server."""

from __future__ import annotations

import random
import socket
import subprocess

__all__ = ["QUIET_PORTS", "free_port", "quiet_port", "stop"]


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


QUIET_PORTS = range(20_000, 32_000)
"""Ports below Linux's ephemeral range (32768 and up), where kernels, browsers and every
``bind(0)`` take theirs: a port chosen here stays free while a server starts (or starts
again on it after a stop)."""


def quiet_port() -> int:
    """A free port in :data:`QUIET_PORTS`, which no kernel started meanwhile will take."""
    for _ in range(200):
        port = random.choice(QUIET_PORTS)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {QUIET_PORTS.start}-{QUIET_PORTS.stop - 1}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server the ordinary way (Voila shuts its kernels down); kill it after 15 s."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
