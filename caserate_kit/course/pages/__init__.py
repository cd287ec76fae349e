"""The learner pages of the course, one builder per Voila page.

Each notebook in ``notebooks/`` calls one of these and shows what it returns::

    from caserate_kit.course.pages import home_page

    home_page()

The pages a class opens at once (home, post-tests) come from Voila's pool of
preheated kernels; their notebooks first call :func:`when_requested`, in a
cell tagged ``waits-for-request``, and pass the store it returns on.

Every builder reads the page's address (``?token=``, ``?quiz=``,
``?course=``) itself, and each takes ``store``, ``query_string`` and
``environ`` so that tests can call it without a browser. No builder lets an
error reach the page: it shows a plain explanation instead. Each builder's
module is imported the first time its name is used (``__init__.pyi`` lists
them), so a page imports only what it needs: neither pandas nor matplotlib
for the learner's pages.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
