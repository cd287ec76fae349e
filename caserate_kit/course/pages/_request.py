"""How a preheated page kernel learns whose page it is building.

Voila keeps pools of started kernels (:mod:`caserate_kit.course.server`); a
pooled kernel runs its page's first cell before anyone asks for the page, so
it does not yet know the page's address. When Voila hands the kernel to a
learner it sends the request's details (address, query string) over a
websocket; :func:`wait_for_request_if_preheated` waits for them and puts them
in the environment, where the pages read them. Outside a pool (a kernel
started for one request, a test, nbval) nothing waits.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
from collections.abc import Mapping

__all__ = ["is_preheated", "wait_for_request_if_preheated"]

_state = {"request_arrived": False}


def is_preheated(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel was started for Voila's pool (``VOILA_PREHEAT``)."""
    env = os.environ if environ is None else environ
    return env.get("VOILA_PREHEAT", "False") == "True"


def _query_address(env: Mapping[str, str]) -> str:
    """Where Voila tells a pooled kernel about the request it was taken for."""
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    host, port = env.get("VOILA_APP_IP", "127.0.0.1"), env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"


def _receive_request(address: str) -> dict[str, str]:
    """The request's details (``QUERY_STRING`` and the like), once Voila sends them."""
    received: dict[str, str] = {}

    async def listen() -> None:
        from tornado.websocket import websocket_connect

        connection = await websocket_connect(address, connect_timeout=10)
        try:
            message = await connection.read_message()
        finally:
            connection.close()
        details = json.loads(message) if isinstance(message, str) else {}
        if isinstance(details, dict):
            received.update({str(k): str(v) for k, v in details.items()})

    # The kernel's own event loop is busy running this cell: listen on another thread.
    listener = threading.Thread(target=asyncio.run, args=(listen(),), daemon=True)
    listener.start()
    listener.join()
    return received


def wait_for_request_if_preheated(environ: Mapping[str, str] | None = None) -> None:
    """In a pooled kernel, wait (once) until a request gives the page its address.

    (Voila's own helper would do the same, but importing it loads the whole
    server, 40 MB, into each kernel.)
    """
    if _state["request_arrived"] or not is_preheated(environ):
        return
    env = os.environ if environ is None else environ
    os.environ.update(_receive_request(_query_address(env)))
    _state["request_arrived"] = True
