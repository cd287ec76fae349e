"""caserate_kit: worked calculations for managed-care and case-rate training.

Everything public is imported from here::

    import caserate_kit as ck
    plan = ck.examples.admirable_plan()
    plan.total_budget()

The names come from small private modules, one concept each, listed once in
``__init__.pyi``; each module is imported the first time one of its names is
used, so ``import caserate_kit`` loads neither pandas, NumPy nor matplotlib.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
