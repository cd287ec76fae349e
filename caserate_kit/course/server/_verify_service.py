"""The public verify page on its own, for a JupyterHub (``caserate-course verify-server``).

Under JupyterHub each learner's server is private, so a board reviewer has
no course server to open ``/verify`` on. This small server answers the
verify page alone, with no kernel and no sign-in; the hub runs it as a
service (``/services/verify/verify?code=...``; ``deploy/jupyterhub``), on the
same records and course secret as the learners' servers. Under a hub its
address and prefix come from ``JUPYTERHUB_SERVICE_URL`` and
``JUPYTERHUB_SERVICE_PREFIX``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import tornado.ioloop
import tornado.web
from jupyter_server.utils import url_path_join

from ._app import VERIFY_PATH, VerifyHandler

__all__ = ["service_address", "verify_app", "verify_server"]


def service_address(environ: Mapping[str, str] | None = None) -> tuple[str, int, str]:
    """Host, port and prefix the hub gives its service (defaults: 127.0.0.1, 10101, "/").

    >>> service_address({"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:10202",
    ...                  "JUPYTERHUB_SERVICE_PREFIX": "/services/verify/"})
    ('127.0.0.1', 10202, '/services/verify/')
    """
    env = os.environ if environ is None else environ
    url = urlsplit(env.get("JUPYTERHUB_SERVICE_URL", "") or "http://127.0.0.1:10101")
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX", "") or "/"
    return url.hostname or "127.0.0.1", url.port or 10101, prefix


def verify_app(prefix: str = "/") -> tornado.web.Application:
    """The verify page at ``<prefix>verify``; the prefix itself leads there."""
    page = url_path_join(prefix, VERIFY_PATH)
    return tornado.web.Application(
        [
            (page, VerifyHandler),
            (prefix.rstrip("/") + "/?", tornado.web.RedirectHandler, {"url": page}),
        ]
    )


def verify_server(host: str, port: int, prefix: str = "/") -> None:
    """Serve the verify page until stopped."""
    verify_app(prefix).listen(port, host)
    print(f"Certificate verify page: http://{host}:{port}{url_path_join(prefix, VERIFY_PATH)}")
    tornado.ioloop.IOLoop.current().start()
