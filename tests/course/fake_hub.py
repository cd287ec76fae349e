"""A stand-in for JupyterHub's REST API: ``GET /hub/api/user`` answers for the token sent.

Started on a free local port in a thread, for the tests of the trainer
dashboard under a hub.
"""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def hub_environ(api_url, user, token):
    """The variables JupyterHub gives a single-user server (and so each page kernel)."""
    return {"JUPYTERHUB_USER": user, "JUPYTERHUB_API_URL": api_url, "JUPYTERHUB_API_TOKEN": token}


@contextmanager
def fake_hub(models: dict) -> Iterator[tuple[str, list]]:
    """Serve ``models`` (token -> the JSON model of its user); yields the API address and the
    requests received (path, Authorization header)."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            authorization = self.headers.get("Authorization", "")
            received.append((self.path, authorization))
            token = authorization.removeprefix("token ")
            if self.path != "/hub/api/user" or token not in models:
                self.send_response(403)
                self.end_headers()
                return
            body = json.dumps(models[token]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub/api", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
