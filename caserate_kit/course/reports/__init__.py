"""What the trainer reads: the class's records, the report and item analysis
shown on the dashboard, and the CSV and xAPI exports.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
