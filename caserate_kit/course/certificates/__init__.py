"""CE hours, lesson facts, completion, and the certificates' codes and PDF."""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
