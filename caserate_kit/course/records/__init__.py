"""The course records: an append-only store of learners, visits, attempts,
evaluations, completions and certificates (SQLite or PostgreSQL), and its migrations.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
