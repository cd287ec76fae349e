"""A learner at the protocol level: the page over HTTP, its widgets over the kernel websocket.

This is what a browser asks of the server when it opens a post-test, without
the drawing: fetch the page (which runs it in a kernel), open the kernel's
websocket, ask for every widget's state as Voila's widget manager does
(``request_states`` on the ``jupyter.widget.control`` comm), and, once the
post-test's state has arrived, press "Submit answers" as its button would.
Thirty such learners load the server as thirty browsers would, without thirty
browsers' drawing competing for the server's two cores.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from tornado.httpclient import AsyncHTTPClient
from websockets.asyncio.client import ClientConnection, connect

from .course import kernel_id_in

__all__ = ["WireTimes", "decode_message", "open_and_submit"]

CONTROL_PROTOCOL = "1.0.0"  # ipywidgets' widget control protocol
POSTTEST_WIDGET = "PostTestWidget"


@dataclass(frozen=True)
class WireTimes:
    """Seconds from the start of the request: page arrived, questions arrived, submit done."""

    page: float
    ready: float
    submitted: float


def _message(msg_type: str, content: dict[str, Any]) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": msg_type,
        "username": "learner",
        "session": uuid.uuid4().hex,
        "date": "",
        "version": "5.3",
    }
    message = {
        "header": header,
        "parent_header": {},
        "channel": "shell",
        "content": content,
        "metadata": {"version": CONTROL_PROTOCOL},
        "buffers": [],
    }
    return msg_id, json.dumps(message)


def decode_message(raw: str | bytes) -> dict[str, Any]:
    """A kernel message: JSON text, or Jupyter's binary framing (offsets, then parts)."""
    if isinstance(raw, str):
        decoded: dict[str, Any] = json.loads(raw)
        return decoded
    count = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(count)]
    framed: dict[str, Any] = json.loads(raw[offsets[0] : offsets[1] if count > 1 else None])
    return framed


async def _replies(socket: ClientConnection, parent: str) -> dict[str, Any]:
    """The next message answering ``parent``."""
    while True:
        message = decode_message(await socket.recv())
        if message.get("parent_header", {}).get("msg_id") == parent:
            return message


async def _posttest_model(socket: ClientConnection) -> str:
    """Ask for every widget's state; the post-test widget's model id once its state is here."""
    comm_id = uuid.uuid4().hex
    _, opening = _message(
        "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
    )
    await socket.send(opening)
    asked, asking = _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    await socket.send(asking)
    while True:
        data = (await _replies(socket, asked)).get("content", {}).get("data", {})
        for model_id, entry in data.get("states", {}).items():
            if str(entry.get("state", {}).get("_anywidget_id", "")).endswith(POSTTEST_WIDGET):
                return str(model_id)


async def _press(socket: ClientConnection, model_id: str, event: str) -> None:
    """Send the message the widget's button sends; return when the kernel has handled it."""
    content = {"comm_id": model_id, "data": {"method": "custom", "content": {"event": event}}}
    pressed, message = _message("comm_msg", content)
    await socket.send(message)
    while True:
        reply = await _replies(socket, pressed)
        state = reply["content"].get("execution_state")
        if reply["header"]["msg_type"] == "status" and state == "idle":
            return


async def open_and_submit(server_url: str, address: str) -> WireTimes:
    """Open the post-test at ``address`` as a learner's browser would, then submit it."""
    start = time.perf_counter()
    response = await AsyncHTTPClient().fetch(address, request_timeout=600)
    page = time.perf_counter() - start
    kernel = kernel_id_in(response.body.decode())
    if kernel is None:
        raise RuntimeError(f"no kernel in the page at {address}")
    base = server_url.replace("http://", "ws://", 1)
    channels = f"{base}api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
    async with connect(channels, max_size=None, open_timeout=600) as socket:
        model_id = await _posttest_model(socket)
        ready = time.perf_counter() - start
        await _press(socket, model_id, "submit")
    return WireTimes(page, ready, time.perf_counter() - start)
