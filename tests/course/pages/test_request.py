"""A pooled page kernel learns its learner's request from Voila."""

from __future__ import annotations

import os


def test_a_pooled_kernel_takes_the_request_details_voila_sends(monkeypatch):
    """Does the waiting cell read the request's details from Voila's query websocket?"""
    import asyncio
    import json
    import threading

    from tornado.web import Application
    from tornado.websocket import WebSocketHandler

    from caserate_kit.course.pages import _request

    class Query(WebSocketHandler):
        def open(self, kernel_id: str) -> None:
            self.write_message(json.dumps({"QUERY_STRING": f"quiz=lesson-01&kernel={kernel_id}"}))

    ready, loops = threading.Event(), []

    def serve() -> None:
        async def main() -> None:
            server = Application([(r"/voila/query/(.*)", Query)]).listen(0, "127.0.0.1")
            loops.append((asyncio.get_running_loop(), server))
            ready.set()
            await asyncio.Event().wait()

        asyncio.run(main())

    threading.Thread(target=serve, daemon=True).start()
    assert ready.wait(10)
    loop, server = loops[0]
    port = next(iter(server._sockets.values())).getsockname()[1]
    monkeypatch.setitem(_request._state, "request_arrived", False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    env = {"VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port), "VOILA_KERNEL_ID": "k-1"}
    _request.wait_for_request_if_preheated(env)
    assert os.environ["QUERY_STRING"] == "quiz=lesson-01&kernel=k-1"
    monkeypatch.delenv("QUERY_STRING")
    loop.call_soon_threadsafe(server.stop)
