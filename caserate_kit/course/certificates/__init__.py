"""CE certificates: a lesson's CE hours, completing a course, and the
certificate's verification code and PDF.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
