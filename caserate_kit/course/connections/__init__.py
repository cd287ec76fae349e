"""Connections to an agency's own systems: its LMS (LTI 1.3 launch and grades) and its LRS (xAPI).

- :mod:`._xapi`: the records as xAPI statements (cmi5 where it has a rule), sent live
  and exported (``caserate-course export-xapi``);
- :mod:`._settings`: where records go, from the environment;
- :mod:`._grades` and :mod:`._ags`: the grades owed to the LMS, and sending them (AGS);
- :mod:`._lrs`: sending xAPI statements to a learning record store;
- :mod:`._outbox` and :mod:`._sender`: what waits, when to retry, and the sending rounds;
- :mod:`._tool_key`: the course's key pair for the LMS;
- :mod:`._lti`: the hub's sign-in for launches from the LMS (needs JupyterHub).
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
