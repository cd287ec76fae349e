"""The course's interactive exercises: one builder per exercise page.

Each notebook in ``notebooks/`` calls one builder, whose result shows the
exercise. The logic lives in small modules beside the page code, so it can be
tested without a browser. Each builder's module is imported the first time
its name is used (``__init__.pyi`` lists them).
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
