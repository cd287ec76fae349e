"""Jupyter Server settings for a learner's own server under JupyterHub.

The learner's server shows the course through Voila and nothing else:

- the course folder is the server's root and the course home its landing page;
- the course's own Voila configuration (``etc/jupyter/voila.py``) applies here
  as under ``make serve``: template, no tracebacks, cell time limits and the
  culling of idle page kernels (Voila's pools of preheated kernels exist only in
  standalone Voila, so they do nothing here);
- JupyterLab and terminals are switched off;
- the browser may talk to a page's kernel only through widget messages, as in
  standalone Voila: no code can be sent to run;
- the server's file and notebook APIs (``/files/``, ``/api/contents/``...) are
  closed, so nobody can download a question bank with its answer key.

``start-learner-server`` (next to this file) puts this folder on
``JUPYTER_CONFIG_PATH`` and makes Jupyter stop instead of starting without
these settings if this file fails.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jupyter_server.auth.authorizer import Authorizer
from traitlets.config import Config
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (given by Jupyter's config loader)

COURSE_ROOT = Path(
    os.environ.get("CASERATE_COURSE_ROOT") or Path(__file__).resolve().parents[3]
).resolve()
HOME_PAGE = "/voila/render/notebooks/home.ipynb"
# What a Voila page's widgets need, and no more: the same list as standalone Voila.
WIDGET_MESSAGES = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]
# (resource, action) pairs a learner's browser may use beyond Voila's own pages:
# the kernel websocket of a page (its messages filtered as above) and read-only status.
ALLOWED = {
    ("kernels", "execute"),
    ("kernels", "read"),
    ("kernelspecs", "read"),
    ("api", "read"),
}


class CourseAuthorizer(Authorizer):
    """Refuse every Jupyter Server API but a page kernel's websocket and status reads.

    Voila's own handlers (``/voila/...``) only ask that the hub signed the
    owner in; they do not come here.
    """

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        allowed = (resource, action) in ALLOWED
        if not allowed:
            self.log.info(
                "course server: refused %s on %s (%s)", action, resource, handler.request.path
            )
        return allowed


VOILA_FILES = (("voila.py", PyFileConfigLoader), ("voila.json", JSONFileConfigLoader))


def course_voila_config(root: Path) -> Config:
    """The course's Voila configuration, read where Voila itself reads it.

    Voila's server extension applies only its own section of these files; the
    server's sections (kernel culling, cell time limits) must come from here.
    """
    merged, found = Config(), []
    for folder in (root / "etc" / "jupyter", root):
        for name, loader in VOILA_FILES:
            try:
                merged.merge(loader(name, path=str(folder)).load_config())
            except ConfigFileNotFound:
                continue
            found.append(folder / name)
    if not found:
        raise FileNotFoundError(f"no Voila configuration (voila.py) in {root}/etc/jupyter")
    return merged


if not (COURSE_ROOT / "notebooks" / "home.ipynb").is_file():
    raise FileNotFoundError(f"no course at {COURSE_ROOT}: set CASERATE_COURSE_ROOT")

c.merge(course_voila_config(COURSE_ROOT))
c.ServerApp.root_dir = str(COURSE_ROOT)
c.ServerApp.default_url = HOME_PAGE
c.ServerApp.terminals_enabled = False
c.ServerApp.jpserver_extensions = {
    "voila": True,
    "jupyterlab": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
    "notebook_shim": False,
}
c.ServerApp.authorizer_class = CourseAuthorizer
c.MappingKernelManager.allowed_message_types = WIDGET_MESSAGES
