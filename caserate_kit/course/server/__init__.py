"""Starting and running the course's server: the ``caserate-course`` command,
``serve``, the pools of preheated kernels, the page kernel and the server's log.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
